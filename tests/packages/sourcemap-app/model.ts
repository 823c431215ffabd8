// Enums, parameter properties, namespaces, generics, abstract classes, overloads.
export enum Color { Red, Green = 'green', Blue = 4 }
export const enum Flags { None = 0, A = 1 << 0, B = 1 << 1 }

export interface Named { readonly name: string; describe(): string }

export abstract class Entity<T extends object> implements Named {
  private static nextId = 1;
  protected readonly id: number;
  constructor(public readonly name: string, protected payload: T, private tags: string[] = []) {
    this.id = Entity.nextId++;
  }
  abstract kind(): string;
  describe(): string {
    return `${this.kind()}#${this.id} ${this.name} [${this.tags.join(',')}]`;
  }
  get data(): T { return this.payload; }
}

export class User extends Entity<{ email: string; color: Color }> {
  constructor(name: string, email: string, public admin = false) {
    super(name, { email, color: admin ? Color.Red : Color.Blue }, admin ? ['admin'] : []);
  }
  kind() { return 'user'; }
}

export namespace Registry {
  const users = new Map<string, User>();
  export function add(u: User): void { users.set(u.name, u); }
  export function find(name: string): User | undefined { return users.get(name); }
  export const size = () => users.size;
}

export function pick<T, K extends keyof T>(obj: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = obj[k];
  return out;
}

export function format(value: number): string;
export function format(value: string): string;
export function format(value: number | string): string {
  return typeof value === 'number' ? value.toFixed(2) : value.trim();
}

export const flags = (f: Flags) => (f & Flags.A ? 'A' : '') + (f & Flags.B ? 'B' : '');
