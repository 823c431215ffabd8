import yaml from '@rollup/plugin-yaml';
import { buildAndRun } from '../../harness.mjs';

const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', plugins: [yaml()] });
process.stdout.write(stdout);
