import './style.css';
import { App } from './App';
import { Priority, TodoList } from './todos';

const list = new TodoList();
list.add('Parse modules in parallel', Priority.High);
list.add('Hoist scopes');
list.toggle(list.add('Write source maps').id);

const html = String(<App list={list} />);

declare const document: { getElementById(id: string): { innerHTML: string } | null } | undefined;
if (typeof document !== 'undefined' && document?.getElementById('root')) {
  document.getElementById('root')!.innerHTML = html;
} else {
  console.log(html);
}
