import { defineConfig, type Plugin } from 'sheaf';

const banner: Plugin = {
  name: 'banner',
  resolveId: { filter: { id: /^virtual:banner$/ }, handler: () => '\0banner' },
  load: { filter: { id: /^\0banner$/ }, handler: () => 'export default "built from a packed tarball";' },
};

export default defineConfig({
  input: 'src/main.ts',
  output: { dir: 'dist', format: 'es' },
  platform: 'node',
  plugins: [banner],
});
