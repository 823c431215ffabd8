// A page's module script: CSS, an image it imports (small: inlined), a file
// of public/ by its root URL, import.meta.env, and an import() with CSS.
import './app.css';
import dot from './dot.png';
import icon from '/icon.svg';
import { site } from './shared';
const app = document.querySelector<HTMLDivElement>('#app')!;
app.innerHTML = `<img id="dot" src="${dot}"><img id="icon" src="${icon}"><span>${site} ${import.meta.env.MODE} ${import.meta.env.BASE_URL}</span>`;
document.getElementById('more')!.addEventListener('click', async () => {
  const { more } = await import('./more');
  document.getElementById('lazy')!.textContent = more;
});
