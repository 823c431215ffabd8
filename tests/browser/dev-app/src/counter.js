// Accepts itself, and keeps a run count in hot.data across updates.
const runs = ((import.meta.hot && import.meta.hot.data.runs) || 0) + 1;
document.getElementById('counter').textContent = 'counter v1 run ' + runs;
if (import.meta.hot) {
  import.meta.hot.dispose((data) => {
    data.runs = runs;
  });
  import.meta.hot.accept();
}
