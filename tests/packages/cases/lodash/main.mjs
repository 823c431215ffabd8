import _ from 'lodash';
import chunk from 'lodash/chunk.js';
console.log(JSON.stringify(_.chunk([1, 2, 3, 4, 5], 2)), JSON.stringify(chunk(['a', 'b', 'c'], 2)));
console.log(JSON.stringify(_.groupBy([1.3, 2.1, 2.4], Math.floor)), typeof _.debounce, _.VERSION);
