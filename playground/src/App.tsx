import { Priority, type Todo, TodoList } from './todos';

function Item({ todo }: { todo: Todo }) {
  return (
    <li className={todo.done ? 'done' : undefined}>
      {todo.priority === Priority.High ? '⚑ ' : ''}
      {todo.title}
    </li>
  );
}

export function App({ list }: { list: TodoList }) {
  return (
    <main>
      <h1>sheaf playground</h1>
      <ul>
        {list.items.map((todo) => (
          <Item todo={todo} />
        ))}
      </ul>
      <p>{list.remaining} of {list.items.length} left</p>
    </main>
  );
}
