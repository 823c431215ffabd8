import './styles/card.css';
export const label = 'card ready';
