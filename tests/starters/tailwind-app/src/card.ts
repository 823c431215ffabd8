/** A card: a title, then what `fill` puts in its body. */
export function card(title: string, fill: (body: HTMLElement) => void): HTMLElement {
  const section = document.createElement('section');
  section.className = 'card flex flex-col gap-3';
  const h2 = document.createElement('h2');
  h2.className = 'text-lg font-medium text-slate-700 first-letter:uppercase';
  h2.textContent = title;
  section.append(h2);
  const body = document.createElement('div');
  body.className = 'card-body';
  fill(body);
  section.append(body);
  return section;
}
