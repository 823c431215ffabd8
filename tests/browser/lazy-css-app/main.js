// The entry's CSS comes with the page; each import()ed chunk's CSS is linked
// by the import itself, before the chunk's code runs.
import './main.css';
document.getElementById('open').addEventListener('click', async () => {
  await import('./panel.js');
  await import('./other.js');
  document.body.dataset.done = 'yes';
});
