import { render } from './view.js';
import { label } from './label.js';
import './counter.js';
import { plain } from './plain.js';
import './inv.js';
import './style.css';

render(label);
document.getElementById('plain').textContent = plain;
// .env's VITE_ variables, the mode, and the dev server's import.meta.hot.
document.getElementById('env').textContent = [import.meta.env.MODE, import.meta.env.VITE_GREETING, import.meta.env.SECRET_TOKEN, !!import.meta.hot].join(' ');

if (import.meta.hot) {
  import.meta.hot.on('sheaf:afterUpdate', () => {
    window.afterUpdates = (window.afterUpdates || 0) + 1;
  });
  // label.js is accepted here: its updates re-render without a reload.
  import.meta.hot.accept('./label.js', (mod) => render(mod.label));
}
