// Shared by both lazy chunks: its own chunk, whose CSS each import links (once).
import './shared.css';
export function badge(text) {
  const b = document.createElement('span');
  b.className = 'badge';
  b.textContent = text;
  document.getElementById('slot').appendChild(b);
  return b;
}
