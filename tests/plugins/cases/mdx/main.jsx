import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Doc, { meta } from './doc.mdx';

console.log(meta.title);
console.log(renderToStaticMarkup(createElement(Doc)));
