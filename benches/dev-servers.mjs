// What the dev-server benchmarks (dev10k.mjs, css-app-dev.mjs) share: the two
// servers' commands, starting one and reading its address, headless Chromium,
// percentiles and a process's memory.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const here = path.dirname(new URL(import.meta.url).pathname);

/// `sheaf dev` and Vite's dev server on `app`: [binary, arguments, address pattern].
export const servers = {
  sheaf: (app, port) => [path.join(here, '../target/release/sheaf'), ['dev', app, '--port', String(port)], /http:\/\/127\.0\.0\.1:(\d+)\//],
  vite: (app, port) => [process.execPath, [path.join(here, 'node_modules/vite/bin/vite.js'), app, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], /http:\/\/127\.0\.0\.1:(\d+)\//],
};

/// Starts server `name` on `app` (Vite's dependency cache cleared first);
/// resolves once it printed its address: { child, url, log() }.
export async function startServer(name, app, port) {
  fs.rmSync(path.join(app, 'node_modules/.vite'), { recursive: true, force: true });
  const [bin, args, pattern] = servers[name](app, port);
  const child = spawn(bin, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (d) => {
      log += d;
      const m = log.replace(/\x1b\[[0-9;]*m/g, '').match(pattern);
      if (m) resolve(m[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => reject(new Error(`${name} exited:\n${log}`)));
  });
  return { child, url, log: () => log };
}

/// Debian's Chromium, headless (nothing is downloaded).
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// The `p`th percentile of `xs`.
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/// A process's resident memory now and at its peak, in MiB.
export function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
