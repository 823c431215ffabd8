import ms from 'ms';
console.log(ms('2h'), ms(90000), ms(ms('1d'), { long: true }));
