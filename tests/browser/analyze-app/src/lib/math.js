import { format } from "./format.js";
export const total = (xs) => format(xs.reduce((a, b) => a + b, 0));
