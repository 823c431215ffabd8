import { shared } from './shared.js';
console.log('main', shared());
import('./lazy.js').then((m) => console.log('lazy', m.lazy()));
