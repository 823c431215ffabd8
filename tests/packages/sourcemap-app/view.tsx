import { User, Color, Registry, format, flags, Flags, pick } from './model';

type Props = { user: User; highlight?: boolean };

function h(tag: any, props: any, ...children: any[]): string {
  if (typeof tag === 'function') return tag({ ...props, children });
  const attrs = Object.entries(props || {}).map(([k, v]) => ` ${k}="${String(v)}"`).join('');
  return `<${tag}${attrs}>${children.flat().join('')}</${tag}>`;
}

export function Badge({ user, highlight = false }: Props) {
  const color = user.data.color === Color.Red ? 'red' : 'blue';
  return (
    <span class={highlight ? 'badge hl' : 'badge'} data-color={color}>
      {user.name} {user.admin && <b>admin</b>}
    </span>
  );
}

export function List({ users }: { users: User[] }) {
  return (
    <ul>
      {users.map((u, i) => (
        <li key={u.name}>
          <Badge user={u} highlight={i === 0} /> {format(i * 1.5)} {flags(Flags.A | Flags.B)}
        </li>
      ))}
    </ul>
  );
}

export function render(): string {
  const people = [new User('ada', 'ada@x.org', true), new User('bob', ' bob@x.org ')];
  people.forEach(Registry.add);
  const found = Registry.find('bob');
  return h(List, { users: people }) + ' ' + Registry.size() + ' ' + JSON.stringify(pick(found!.data, 'email'));
}
