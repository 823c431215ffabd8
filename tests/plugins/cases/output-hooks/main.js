import { greet } from './greet.js';
export const answer = 42;
console.log(greet("output hooks"), typeof INTRO_VALUE);
