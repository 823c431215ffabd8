// Runs only after panel.css and shared.css apply: the styles it measures while
// evaluating are the final ones.
import './panel.css';
import { badge } from './shared.js';
const el = document.createElement('div');
el.className = 'panel';
el.textContent = 'panel';
document.getElementById('slot').appendChild(el);
window.panelAtRun = {
  color: getComputedStyle(el).color,
  badge: getComputedStyle(badge('panel')).borderTopWidth,
};
