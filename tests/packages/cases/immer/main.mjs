import { produce } from 'immer';
const base = { todos: [{ title: 'a', done: false }] };
const next = produce(base, (draft) => {
  draft.todos[0].done = true;
  draft.todos.push({ title: 'b', done: false });
});
console.log(JSON.stringify(next), base.todos.length, Object.isFrozen(next));
