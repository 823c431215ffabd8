// Runs before lib.mjs's body: lib's functions exist already.
import { pure } from './lib.mjs';

const early = pure(4);
export function shout(s) {
  return s.toUpperCase() + early;
}
export function calls() {
  return pure(5);
}
