export class Counter {
  #n = 0;
  add(k) {
    this.#n += k;
  }
  total() {
    return this.#n;
  }
}
