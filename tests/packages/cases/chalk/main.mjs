import chalk, { Chalk, supportsColor } from 'chalk';
const plain = new Chalk({ level: 0 });
const colored = new Chalk({ level: 1 });
console.log(plain.red.bold('plain'), JSON.stringify(colored.red('red')), typeof supportsColor, typeof chalk.level);
