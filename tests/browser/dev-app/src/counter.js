// Accepts itself, and keeps a run count in hot.data across updates. Its CSS
// module's updates reach it (the names may change), so it runs again.
import styles from './counter.module.css';
const runs = ((import.meta.hot && import.meta.hot.data.runs) || 0) + 1;
document.getElementById('counter').textContent = 'counter v1 run ' + runs;
document.getElementById('counter').className = styles.counter;
if (import.meta.hot) {
  import.meta.hot.dispose((data) => {
    data.runs = runs;
  });
  import.meta.hot.accept();
}
