export function render(text) {
  const el = typeof document === "undefined" ? null : document.createElement("p");
  if (el) { el.textContent = text; document.body.appendChild(el); }
  return text;
}
