// Accepts its own updates: an edit of data.yaml re-runs this module only.
import data from './data.yaml';
import msg from 'virtual:msg';

document.getElementById('data').textContent = `${data.name} | ${msg} | ${__FROM_CONFIG__}`;
if (import.meta.hot) {
  import.meta.hot.accept();
  import.meta.hot.on('notes-changed', (d) => {
    document.getElementById('notes').textContent = `notes event: ${d.file}`;
  });
}
