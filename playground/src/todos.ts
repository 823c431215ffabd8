export enum Priority {
  Low,
  High,
}

export interface Todo {
  id: number;
  title: string;
  done: boolean;
  priority: Priority;
}

export class TodoList {
  private nextId = 1;
  readonly items: Todo[] = [];

  add(title: string, priority = Priority.Low): Todo {
    const todo = { id: this.nextId++, title, done: false, priority };
    this.items.push(todo);
    return todo;
  }

  toggle(id: number) {
    const todo = this.items.find((t) => t.id === id);
    if (todo) todo.done = !todo.done;
  }

  get remaining() {
    return this.items.filter((t) => !t.done).length;
  }
}
