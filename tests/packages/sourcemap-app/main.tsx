import { render } from './view';
import { User } from './model';

class Logger {
  #lines: string[] = [];
  constructor(private prefix: string) {}
  log(line: string) { this.#lines.push(`${this.prefix}: ${line}`); return this; }
  flush() { console.log(this.#lines.join('\n')); }
}

const logger = new Logger('app');
logger.log(render()).log(new User('cy', 'cy@x.org').describe());
logger.flush();
