import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
const el = React.createElement('ul', null, [1, 2].map((n) => React.createElement('li', { key: n }, `item ${n}`)));
console.log(renderToStaticMarkup(el), React.version.split('.')[0]);
