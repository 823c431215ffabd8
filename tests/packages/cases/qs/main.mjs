import qs from 'qs';
console.log(qs.stringify({ a: [1, 2], b: { c: 'd' } }), JSON.stringify(qs.parse('x[y]=1&z=2')));
