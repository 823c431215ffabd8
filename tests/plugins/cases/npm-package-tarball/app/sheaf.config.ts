import { defineConfig, type Plugin } from 'sheaf';

const banner: Plugin = {
  name: 'banner',
  resolveId: { filter: { id: /^virtual:banner$/ }, handler: () => '\0banner' },
  // this.parse needs acorn, a dependency the tarball brings.
  load: {
    filter: { id: /^\0banner$/ },
    handler() {
      const code = 'export default "built from a packed tarball";';
      return this.parse(code).body[0].type === 'ExportDefaultDeclaration' ? code : 'export default "no tree";';
    },
  },
};

export default defineConfig({
  input: 'src/main.ts',
  output: { dir: 'dist', format: 'es' },
  platform: 'node',
  plugins: [banner],
});
