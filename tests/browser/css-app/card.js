import './styles/card.css';
import styles from './styles/badge.module.css';
export const label = 'card ready';
const badge = document.createElement('span');
badge.id = 'badge';
badge.className = styles.badge;
badge.textContent = 'new';
document.getElementById('card').appendChild(badge);
