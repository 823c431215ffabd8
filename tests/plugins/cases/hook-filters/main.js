import f0 from './file0.js'; import f1 from './file1.js'; import f2 from './file2.js';
import f3 from './file3.js'; import f4 from './file4.js'; import f5 from './file5.js';
import f6 from './file6.js'; import f7 from './file7.js'; import f8 from './file8.js';
import f9 from './file9.js';
import data from './data.json';
import v from 'virtual:v';
console.log([f0, f1, f2, f3, f4, f5, f6, f7, f8, f9].join(' '), data.n, v);
