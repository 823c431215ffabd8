import styles from './App.module.css';
import logo from './logo.svg';
import { Priority, type Todo, TodoList } from './todos';

function Item({ todo }: { todo: Todo }) {
  return (
    <li className={todo.done ? styles.done : todo.priority === Priority.High ? styles.high : undefined}>
      {todo.priority === Priority.High ? '⚑ ' : ''}
      {todo.title}
    </li>
  );
}

export function App({ list }: { list: TodoList }) {
  return (
    <main>
      <h1 className={styles.title}>
        <img src={logo} alt="" />
        {import.meta.env.VITE_APP_TITLE}
      </h1>
      <ul>
        {list.items.map((todo) => (
          <Item todo={todo} />
        ))}
      </ul>
      <p>
        {list.remaining} of {list.items.length} left ({import.meta.env.MODE})
      </p>
    </main>
  );
}
