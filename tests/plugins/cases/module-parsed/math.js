export const add = (a, b) => a + b;
import "node:path";
