import classNames from 'classnames';
import dedupe from 'classnames/dedupe.js';
console.log(classNames('a', { b: true, c: false }, ['d']), dedupe('x', 'x', { y: true }));
