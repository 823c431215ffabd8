import { h, Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { renderToString } from 'preact-render-to-string';
function Counter() {
  const [n] = useState(7);
  return h('span', { class: 'n' }, n);
}
console.log(renderToString(h(Fragment, null, h('p', null, 'preact'), h(Counter))));
