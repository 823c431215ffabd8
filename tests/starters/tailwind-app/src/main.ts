import './tailwind.css';
import { card } from './card';

const app = document.querySelector<HTMLElement>('#app')!;
let count = 0;
app.append(
  card('Counter', (body) => {
    const button = document.createElement('button');
    button.id = 'counter';
    button.className =
      'rounded-lg bg-sky-500 px-4 py-2 font-semibold text-white shadow-md transition-colors hover:bg-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2';
    const render = () => (button.textContent = `count is ${count}`);
    button.addEventListener('click', () => {
      count += 1;
      render();
    });
    render();
    body.append(button);
  }),
  card('Arbitrary values', (body) => {
    body.innerHTML = `<p id="arbitrary" class="w-[123px] text-[13px] leading-[1.7] bg-[#bada55]/50 translate-x-[3px] rotate-2">Exact sizes</p>`;
  }),
);
