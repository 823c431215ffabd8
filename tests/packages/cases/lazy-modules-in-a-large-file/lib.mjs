import { shout, calls } from './cycle.mjs';
import { x, y, loops } from './fallback.mjs';
import { Counter } from './private.mjs';

const labels = ['zero', 'one', 'two'];
export class Point {
  constructor(a, b) {
    this.a = a;
    this.b = b;
  }
  sum() {
    return this.a + this.b + Point.bias;
  }
  static bias = 10;
}
let made = 0,
  never;
const unused = 'dropped';
export function pure(n) {
  return n * 2;
}
export function twice(n) {
  made++;
  return pure(n);
}
function local(p) {
  return `${labels[1]}:${p.sum()}`;
}
export function describe() {
  const c = new Counter();
  c.add(2);
  c.add(3);
  return [local(new Point(1, 2)), twice(21), made, never, shout('hi'), calls(), x + y, loops, c.total()].join(' ');
}
