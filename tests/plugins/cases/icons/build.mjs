// unplugin-icons (unmodified): `~icons/<collection>/<name>` ids resolved and
// loaded by the plugin from @iconify-json/mdi, compiled to raw SVG strings.
import Icons from 'unplugin-icons/rollup';
import { buildAndRun } from '../../harness.mjs';

const { stdout } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  plugins: [Icons({ compiler: 'raw' })],
});
process.stdout.write(stdout);
