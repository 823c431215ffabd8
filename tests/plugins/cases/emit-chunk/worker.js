import { greet } from './shared.js';
console.log(greet('the worker'));
