// Writes the small React app of the issue-14 table: node gen-small-react.mjs DIR
// A to-do list in the shape of create-vite's React + TypeScript starter (no CSS or
// images, which the four tools bundle differently): an entry that renders into
// #root with react-dom/client, components in .tsx and .jsx, a hook and a helper
// module in .ts. In Node (no DOM) the entry prints the app's markup through
// react-dom/server instead (and exits), so every tool's output can be run and
// compared.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node gen-small-react.mjs DIR');
const files = {
  'main.jsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import App from './App.tsx';

const app = <StrictMode><App initial={['write the table', 'run the benchmarks']} /></StrictMode>;
if (typeof document === 'undefined') {
  console.log(renderToString(app));
  // React's development build leaves a timer behind in Node.
  process.exit(0);
} else {
  createRoot(document.getElementById('root')).render(app);
}
`,
  'App.tsx': `import { useState } from 'react';
import { Header } from './components/Header.tsx';
import { TodoList } from './components/TodoList.tsx';
import Footer from './components/Footer.jsx';
import { useTodos } from './hooks/useTodos.ts';

export default function App({ initial }: { initial: string[] }) {
  const { todos, add, toggle, remaining } = useTodos(initial);
  const [draft, setDraft] = useState('');
  return (
    <main>
      <Header count={remaining} />
      <form onSubmit={(e) => { e.preventDefault(); add(draft); setDraft(''); }}>
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="What next?" />
        <button type="submit" disabled={!draft.trim()}>Add</button>
      </form>
      <TodoList todos={todos} onToggle={toggle} />
      <Footer total={todos.length} />
    </main>
  );
}
`,
  'components/Header.tsx': `import { plural } from '../format.ts';

export function Header({ count }: { count: number }) {
  return <h1>{count} {plural(count, 'thing')} to do</h1>;
}
`,
  'components/TodoList.tsx': `import type { Todo } from '../hooks/useTodos.ts';
import { TodoItem } from './TodoItem.tsx';

export function TodoList({ todos, onToggle }: { todos: Todo[]; onToggle: (id: number) => void }) {
  if (todos.length === 0) return <p>Nothing to do.</p>;
  return <ul>{todos.map((t) => <TodoItem key={t.id} todo={t} onToggle={onToggle} />)}</ul>;
}
`,
  'components/TodoItem.tsx': `import { memo } from 'react';
import type { Todo } from '../hooks/useTodos.ts';

export const TodoItem = memo(function TodoItem({ todo, onToggle }: { todo: Todo; onToggle: (id: number) => void }) {
  return (
    <li>
      <label>
        <input type="checkbox" checked={todo.done} onChange={() => onToggle(todo.id)} />
        {todo.done ? <s>{todo.text}</s> : todo.text}
      </label>
    </li>
  );
});
`,
  'components/Footer.jsx': `import { plural } from '../format.ts';

export default function Footer({ total }) {
  return <footer>{total} {plural(total, 'item')} in all</footer>;
}
`,
  'hooks/useTodos.ts': `import { useCallback, useMemo, useState } from 'react';

export interface Todo { id: number; text: string; done: boolean }

export function useTodos(initial: string[]) {
  const [todos, setTodos] = useState<Todo[]>(() => initial.map((text, id) => ({ id, text, done: false })));
  const add = useCallback((text: string) => {
    if (text.trim()) setTodos((ts) => [...ts, { id: ts.length, text: text.trim(), done: false }]);
  }, []);
  const toggle = useCallback((id: number) => {
    setTodos((ts) => ts.map((t) => (t.id === id ? { ...t, done: !t.done } : t)));
  }, []);
  const remaining = useMemo(() => todos.filter((t) => !t.done).length, [todos]);
  return { todos, add, toggle, remaining };
}
`,
  'format.ts': `export function plural(n: number, word: string): string {
  return n === 1 ? word : word + 's';
}
`,
  'index.html': `<!doctype html>
<html><head><meta charset="UTF-8" /><title>small React app</title></head>
<body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>
`,
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}
