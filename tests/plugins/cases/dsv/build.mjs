// @rollup/plugin-dsv turns CSV and TSV files into arrays of rows (with a
// processRow hook that makes ages numbers).
import dsv from '@rollup/plugin-dsv';
import { buildAndRun } from '../../harness.mjs';

const processRow = (row) => {
  if (row.age) row.age = Number(row.age);
  return row;
};
const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', plugins: [dsv({ processRow })] });
process.stdout.write(stdout);
