export function render(text) {
  document.getElementById('app').textContent = 'view: ' + text;
}
