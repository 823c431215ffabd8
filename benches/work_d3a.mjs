import { extent } from 'd3-array';
console.log(extent([3, 1, 2]));
