// A minimal JSX runtime: elements are rendered straight to HTML strings.
export type Child = string | number | boolean | null | undefined | Html | Child[];
export class Html {
  constructor(readonly html: string) {}
  toString() {
    return this.html;
  }
}
type Props = Record<string, unknown> & { children?: Child };
type Component = (props: Props) => Html;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function renderChild(c: Child): string {
  if (c == null || c === false || c === true) return '';
  if (Array.isArray(c)) return c.map(renderChild).join('');
  if (c instanceof Html) return c.html;
  return escape(String(c));
}

export function jsx(type: string | Component, props: Props): Html {
  if (typeof type === 'function') return type(props);
  const { children, ...attrs } = props;
  const attrText = Object.entries(attrs)
    .filter(([, v]) => v != null && v !== false)
    .map(([k, v]) => ` ${k === 'className' ? 'class' : k}="${escape(String(v))}"`)
    .join('');
  return new Html(`<${type}${attrText}>${renderChild(children)}</${type}>`);
}
export const jsxs = jsx;
export const Fragment = ({ children }: Props) => new Html(renderChild(children));
