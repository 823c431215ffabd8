import { store, increment } from './store.js';
import { format } from './format.js';

increment();
export function renderSettings() {
  return format('settings', store.count) + ` (store evaluated ${store.evaluations}x)`;
}
