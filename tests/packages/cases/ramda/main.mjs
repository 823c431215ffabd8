import * as R from 'ramda';
const f = R.pipe(R.map((x) => x * 2), R.filter((x) => x > 2), R.sum);
console.log(f([1, 2, 3]), R.toUpper('ramda'), JSON.stringify(R.groupBy(R.prop('k'), [{ k: 'a' }, { k: 'b' }, { k: 'a' }])));
