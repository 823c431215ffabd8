import banner from "virtual:banner";
import { double } from "./math";
const n: number = double(21);
console.log(banner, n);
