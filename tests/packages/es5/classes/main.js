// Private fields and methods, static fields and blocks, accessors.
class Account {
  #balance = 0;
  static registry = new Map();
  static count;
  static { Account.count = 0; }
  constructor(name) { this.name = name; Account.registry.set(name, this); Account.count++; }
  #check(n) { if (n <= 0) throw new RangeError('bad amount ' + n); }
  deposit(n) { this.#check(n); this.#balance += n; return this; }
  get balance() { return this.#balance; }
  static has(a) { return #balance in a; }
}
const a = new Account('a').deposit(5).deposit(7);
new Account('b');
try { a.deposit(-1); } catch (e) { console.log(e.name, e.message); }
console.log(a.balance, Account.count, Account.registry.size, Account.has(a), Account.has({}));
