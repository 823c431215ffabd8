// Types of what the bundler provides: CSS modules, assets, import.meta.env.
declare module '*.module.css' {
  const classes: Record<string, string>;
  export default classes;
}
declare module '*.css';
declare module '*.svg' {
  const url: string;
  export default url;
}
interface ImportMeta {
  readonly env: { readonly MODE: string; readonly VITE_APP_TITLE: string };
}
