import { store, increment } from './store.js';
import { format } from './format.js';

increment();
document.getElementById('main').textContent = format('main', store.count);
document.getElementById('open').addEventListener('click', async () => {
  const { renderSettings } = await import('./settings.js');
  document.getElementById('settings').textContent = renderSettings();
});
