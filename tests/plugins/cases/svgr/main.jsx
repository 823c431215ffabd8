import { renderToStaticMarkup } from 'react-dom/server';
import Logo from './logo.svg?react';
import url from './logo.svg';

console.log(renderToStaticMarkup(<Logo width={20} aria-label="logo" />));
console.log(url.startsWith('data:image/svg+xml'));
