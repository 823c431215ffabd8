// Classes extending classes and built-ins, super calls, new.target, Symbol.toPrimitive.
class Shape {
  constructor(name) { this.name = name; this.direct = new.target === Shape; }
  describe() { return this.name + ' with area ' + this.area().toFixed(1); }
  static create(...args) { return new this(...args); }
}
class Circle extends Shape {
  constructor(r) { super('circle'); this.r = r; }
  area() { return Math.PI * this.r ** 2; }
  describe() { return super.describe() + '!'; }
}
class MyError extends Error {
  constructor(msg) { super(msg); this.name = 'MyError'; }
}
const money = { [Symbol.toPrimitive](hint) { return hint === 'number' ? 42 : 'forty-two'; } };
const c = Circle.create(2);
console.log(c.describe(), c.direct, new Shape('s').direct, c instanceof Shape);
try { throw new MyError('boom'); } catch (e) { console.log(e instanceof MyError, e instanceof Error, e.name, e.message); }
console.log(+money, `${money}`);
