import { store, increment } from './store.js';
import { format } from './format.js';

increment();
document.getElementById('widget').textContent = format('widget', store.count);
