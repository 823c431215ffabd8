export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 0-based. */
  column?: number;
  help?: string;
  /** The code frame the CLI prints. */
  frame: string;
  plugin?: string;
}

export type StringFilter = string | RegExp | Array<string | RegExp> | {
  include?: string | RegExp | Array<string | RegExp>;
  exclude?: string | RegExp | Array<string | RegExp>;
};

export interface HookFilter {
  id?: StringFilter;
  code?: StringFilter;
  moduleType?: string[] | { include?: string[] };
}

type Hook<F> = F | { handler: F; order?: 'pre' | 'post' | null; filter?: HookFilter };

export interface PluginContext {
  meta: { rollupVersion: string; watchMode: boolean };
  resolve(source: string, importer?: string, options?: { skipSelf?: boolean; isEntry?: boolean; kind?: string }): Promise<{ id: string; external: boolean } | null>;
  error(error: string | Error | { message: string }): never;
  warn(warning: string | { message: string }): void;
  /** Watches `file` for this module (from `load`/`transform`): a change loads the module again. */
  addWatchFile(file: string): void;
  /** The files plugins asked to watch. */
  getWatchFiles(): string[];
  /** The code as an ESTree program with `start`/`end` offsets (acorn's, as Rollup's `this.parse`). */
  parse(code: string, options?: ParseOptions): EstreeProgram;
}

export interface ParseOptions {
  /** Parse JSX too. */
  jsx?: boolean;
  allowReturnOutsideFunction?: boolean;
}

/** An ESTree `Program` node (see the `estree` types for its children). */
export interface EstreeProgram {
  type: 'Program';
  sourceType: 'module';
  start: number;
  end: number;
  body: Array<{ type: string; start: number; end: number; [key: string]: unknown }>;
}

/** Rollup's `parseAst`: a syntax error throws `{ code: 'PARSE_ERROR', pos, loc: { line, column } }`. */
export function parseAst(code: string, options?: ParseOptions): EstreeProgram;

export interface SourceResult {
  code: string;
  map?: string | object | null;
  moduleType?: 'js' | 'jsx' | 'ts' | 'tsx' | 'json' | 'css';
}

export interface Plugin {
  name: string;
  enforce?: 'pre' | 'post';
  apply?: 'build' | 'serve' | ((config: unknown, env: { command: string; mode: string }) => boolean);
  options?: Hook<(this: PluginContext, options: BuildOptions) => BuildOptions | null | void | Promise<BuildOptions | null | void>>;
  buildStart?: Hook<(this: PluginContext, options: BuildOptions) => void | Promise<void>>;
  resolveId?: Hook<(this: PluginContext, source: string, importer: string | undefined, options: { isEntry: boolean; kind: string }) => string | false | null | undefined | { id: string; external?: boolean | 'absolute' | 'relative' } | Promise<string | false | null | undefined | { id: string; external?: boolean | 'absolute' | 'relative' }>>;
  load?: Hook<(this: PluginContext, id: string) => string | null | undefined | SourceResult | Promise<string | null | undefined | SourceResult>>;
  transform?: Hook<(this: PluginContext, code: string, id: string, meta: { moduleType: string }) => string | null | undefined | SourceResult | Promise<string | null | undefined | SourceResult>>;
  buildEnd?: Hook<(this: PluginContext, error?: Error) => void | Promise<void>>;
  config?: (config: DevOptions, env: { command: 'build' | 'serve'; mode: string }) => Partial<DevOptions> | null | void | Promise<Partial<DevOptions> | null | void>;
  configResolved?: (config: Readonly<DevOptions & { command: string; mode: string; root: string }>) => void | Promise<void>;
  configureServer?: (server: DevServer) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
  transformIndexHtml?: Hook<(html: string, ctx: { path: string; filename: string; server?: DevServer }) => IndexHtmlResult | Promise<IndexHtmlResult>>;
  handleHotUpdate?: Hook<(ctx: { file: string; timestamp: number; modules: Array<{ id: string; file: string; url: string; type: 'js' | 'css' }>; read(): Promise<string>; server: DevServer }) => Array<{ id: string } | string> | void | Promise<Array<{ id: string } | string> | void>>;
  [hook: string]: unknown;
}

/** Vite's HtmlTagDescriptor. */
export interface HtmlTag {
  tag: string;
  attrs?: Record<string, string | boolean | undefined>;
  children?: string | HtmlTag[];
  injectTo?: 'head' | 'head-prepend' | 'body' | 'body-prepend';
}

export type IndexHtmlResult = string | HtmlTag[] | { html: string; tags: HtmlTag[] } | null | void;

export interface OutputOptions {
  dir?: string;
  file?: string;
  format?: 'es' | 'esm' | 'module' | 'cjs' | 'commonjs' | 'iife';
  sourcemap?: boolean | 'inline' | 'hidden' | 'external';
  name?: string;
  entryFileNames?: string;
  chunkFileNames?: string;
  assetFileNames?: string;
  minify?: boolean;
  /** cjs/iife: `'auto'` hands out a default-only entry as the exports object itself (`--exports`). */
  exports?: 'auto' | 'named' | 'default' | 'none';
}

export interface BuildOptions {
  cwd?: string;
  input?: string | string[] | Record<string, string>;
  entries?: string[];
  output?: OutputOptions;
  outdir?: string;
  outfile?: string;
  format?: OutputOptions['format'];
  sourcemap?: OutputOptions['sourcemap'];
  globalName?: string;
  plugins?: Array<Plugin | null | false | undefined | Plugin[]>;
  write?: boolean;
  minify?: boolean;
  target?: string;
  platform?: 'browser' | 'node' | 'neutral';
  external?: string | string[];
  define?: Record<string, string>;
  splitting?: boolean;
  /** `false` keeps every statement of every bundled module (`--tree-shaking=false`). */
  treeShaking?: boolean;
  /** Rollup's name: `false` is `treeShaking: false`; an options object keeps tree shaking on. */
  treeshake?: boolean | object;
  jsx?: 'automatic' | 'classic';
  jsxImportSource?: string;
  legalComments?: 'inline' | 'eof' | 'none';
  polyfills?: 'usage' | 'entry' | 'off';
  unresolved?: 'error' | 'external';
  entryNames?: string;
  chunkNames?: string;
  assetNames?: string;
  assetInlineLimit?: number;
  /** A path writes the metafile (esbuild's shape) there; `true` or a path also returns it as `metafile`. */
  metafile?: string | boolean;
  mode?: string;
  base?: string;
  config?: string;
  threads?: number;
  /** `'html'` also writes analyze.html (see `analyze()`); `'table'`/`true` is the CLI's printed table. */
  analyze?: boolean | 'table' | 'html';
}

export interface OutputChunk {
  type: 'chunk';
  fileName: string;
  path: string;
  code: string;
  contents: Uint8Array;
  isEntry: boolean;
  facadeModuleId: string | null;
  moduleIds: string[];
}

export interface OutputAsset {
  type: 'asset';
  fileName: string;
  path: string;
  source: string | Uint8Array;
  contents: Uint8Array;
}

export interface BuildResult {
  outputs: Array<OutputChunk | OutputAsset>;
  warnings: Diagnostic[];
  /** With `metafile: true` (or a path). */
  metafile?: unknown;
}

export interface BuildError extends Error {
  code: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export function build(options?: BuildOptions): Promise<BuildResult>;
export function defineConfig<T extends BuildOptions>(config: T): T;
export function platformName(): string;

export interface TransformOptions {
  cwd?: string;
  /** Its extension picks the syntax (.ts, .tsx, .jsx, .mjs, …). Default: input.js. */
  filename?: string;
  target?: string;
  minify?: boolean;
  jsx?: 'automatic' | 'classic';
  jsxImportSource?: string;
  define?: Record<string, string>;
  sourcemap?: boolean;
}

export interface TransformResult {
  code: string;
  map: object | null;
}

export function transform(code: string, options?: TransformOptions): Promise<TransformResult>;
export function transformSync(code: string, options?: TransformOptions): TransformResult;

export interface BuildContext {
  /** Builds again; only files that changed since the last build are read and parsed. */
  rebuild(changedFiles?: string[]): Promise<BuildResult>;
  /** Rebuilds on every save under `cwd` (not in node_modules or the output folder). */
  watch(options?: { onRebuild?: (error: BuildError | null, result: BuildResult | null) => void }): Promise<void>;
  /** Stops watching and frees the build (the process may exit). */
  dispose(): Promise<void>;
}

export function context(options?: BuildOptions): Promise<BuildContext>;

/** The bundle analyzer page (treemap, sizes, search, import chains) of a build, as one HTML string. */
export function analyze(options?: BuildOptions): Promise<string>;

export interface DevOptions extends BuildOptions {
  /** The folder of the page (`index.html`) to serve; relative to `cwd`. */
  root?: string;
  /** `port: 0` takes any free port; a busy port takes the next free one. `host: true` listens on every address. */
  server?: { port?: number; host?: string | boolean };
  /** `import.meta.env.MODE` and the `.env.[mode]` files read (default `development`). */
  mode?: string;
  /** Where the server's log lines go (default: stdout). */
  onLog?: (line: string) => void;
}

/** The running dev server (Vite's ViteDevServer, in part). */
export interface DevServer {
  url: string;
  port: number;
  config: DevOptions;
  resolvedUrls: { local: string[]; network: string[] };
  /** To every page: a Vite HMR payload, or a custom event (`import.meta.hot.on(event, …)`). */
  ws: { send(payload: { type: string; [key: string]: unknown }): void; send(event: string, data?: unknown): void };
  printUrls(): void;
  /**
   * Connect's app: middlewares answer requests before sheaf's dev server
   * (then a Node server in front of it runs them; `httpServer` is that server).
   */
  middlewares: {
    use(fn: Middleware | ErrorMiddleware): DevServer['middlewares'];
    use(route: string, fn: Middleware | ErrorMiddleware): DevServer['middlewares'];
    stack: Array<{ route: string; handle: Function }>;
  };
  httpServer: import('node:http').Server | null;
  /** `change`, `add`, `unlink` (and `all`) of files under the root and files `add()`ed; absolute paths. */
  watcher: import('node:events').EventEmitter & { add(paths: string | string[]): unknown; unwatch(paths: string | string[]): unknown; close(): Promise<void> };
  /** Stops serving and watching; lets the process exit. */
  close(): Promise<void>;
}

export type Middleware = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: (err?: unknown) => void) => void;
export type ErrorMiddleware = (err: unknown, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: (err?: unknown) => void) => void;

/** Starts the dev server (`sheaf dev`) with plugins; resolves once the first build is done. */
export function dev(options?: DevOptions): Promise<DevServer>;

/** Vite's mergeConfig: objects merged key by key, arrays joined, other values replaced. */
export function mergeConfig<A extends object, B extends object>(base: A, extra: B): A & B;

/** Options of a builtin plugin: Vite's `enforce` moves it like any plugin. */
export interface BuiltinOptions {
  enforce?: 'pre' | 'post';
}

/**
 * sheaf's own loaders as plugins, to place in `plugins` among the others.
 * Plugins before one see a file as it is; plugins after it see what sheaf
 * made of it (JavaScript for JSON, text files and assets; stylesheets stay
 * CSS). One not placed runs after every plugin (Rollup's semantics).
 */
export const builtins: {
  /** Stylesheets (`.css`, `?inline` CSS); Sass/Less/Stylus files are errors. */
  css(options?: BuiltinOptions): Plugin;
  /** Images, fonts, media (`?url`, `?inline`, `?no-inline`), `?raw` text, `public/` files. */
  asset(options?: BuiltinOptions): Plugin;
  /** `.json` files: `module.exports = …` for the plugins after it. */
  json(options?: BuiltinOptions): Plugin;
  /** Text files (`.txt`, `.md`, …): `module.exports = "…"` for the plugins after it. */
  text(options?: BuiltinOptions): Plugin;
};
