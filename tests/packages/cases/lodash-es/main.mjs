import { chunk, groupBy, debounce, camelCase } from 'lodash-es';
import * as lodash from 'lodash-es';
console.log(JSON.stringify(chunk([1, 2, 3], 2)), JSON.stringify(groupBy(['one', 'two', 'three'], 'length')));
console.log(typeof debounce, camelCase('Foo Bar'), typeof lodash.map, Object.keys(lodash).length > 300);
