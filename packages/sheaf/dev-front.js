// Vite's `server.middlewares` for `dev()`: a Node server in front of sheaf's
// dev server runs the middlewares plugins added in `configureServer` (mock
// APIs, redirects, …), and passes every request none answered — WebSocket
// upgrades (hot updates) included — to sheaf's server on an internal port.
//
// Why a front server: sheaf's dev server is Rust (axum) and cannot call JS
// per request; plugins that add no middleware get no front server at all, so
// they pay nothing.
import http from 'node:http';
import net from 'node:net';

/** Connect's `app.use([route,] fn)`: a stack of middlewares run in order. */
export function createMiddlewares() {
  const stack = [];
  const app = (req, res, done) => {
    let i = 0;
    const url = req.url;
    const next = (err) => {
      req.url = url;
      const layer = stack[i++];
      if (!layer) return done(err);
      if (!matches(layer.route, url)) return next(err);
      // Inside a route, the middleware sees the rest of the path (as in connect).
      if (layer.route !== '/') req.url = url.slice(layer.route.length) || '/';
      const wantsError = layer.handle.length === 4;
      try {
        if (err && wantsError) return layer.handle(err, req, res, next);
        if (!err && !wantsError) return layer.handle(req, res, next);
      } catch (e) {
        return next(e);
      }
      next(err);
    };
    next();
  };
  app.stack = stack;
  app.use = (route, fn) => {
    if (typeof route !== 'string') [route, fn] = ['/', route];
    const handle = typeof fn?.handle === 'function' ? fn.handle.bind(fn) : fn;
    if (typeof handle !== 'function') throw new Error('sheaf: server.middlewares.use(fn) takes a function');
    stack.push({ route: route.length > 1 ? route.replace(/\/$/, '') : '/', handle });
    return app;
  };
  return app;
}

function matches(route, url) {
  if (route === '/') return true;
  return url === route || url.startsWith(route + '/') || url.startsWith(route + '?');
}

/**
 * Listens on `port`/`host` and runs `app`, then passes on to sheaf's server
 * at `target` (`{ host, port }`). Host names other than `names` are refused,
 * as sheaf's own server refuses them (DNS rebinding).
 */
export async function startFront(app, { port, host, names }, target) {
  let ownPort = port;
  const allowed = (value) => {
    if (!value) return false;
    const at = value.lastIndexOf(':');
    const [name, p] = at > 0 && !value.slice(at).includes(']') ? [value.slice(0, at), Number(value.slice(at + 1))] : [value, 80];
    return p === ownPort && names.some((n) => n.toLowerCase() === name.toLowerCase());
  };
  const targetHost = `${target.host}:${target.port}`;
  const server = http.createServer((req, res) => {
    if (!allowed(req.headers.host)) {
      res.writeHead(403).end('sheaf dev: unexpected Host header\n');
      return;
    }
    app(req, res, (err) => {
      if (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`sheaf dev: a middleware failed: ${err?.stack ?? err}\n`);
        return;
      }
      pass(req, res, target, targetHost);
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin?.replace(/^https?:\/\//, '');
    if (!allowed(req.headers.host) || (origin !== undefined && !allowed(origin))) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(target.port, target.host, () => {
      upstream.write(rawHead(req, targetHost));
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  ownPort = server.address().port;
  return server;
}

/** A request none of the middlewares answered, answered by sheaf's server. */
function pass(req, res, target, targetHost) {
  const headers = { ...req.headers, host: targetHost };
  if (headers.origin) headers.origin = `http://${targetHost}`;
  const upstream = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`sheaf dev: ${e.message}\n`);
  });
  req.pipe(upstream);
}

/** The upgrade request's head as sheaf's server must see it (its own Host and Origin). */
function rawHead(req, targetHost) {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    const lower = name.toLowerCase();
    if (lower === 'host') lines.push(`${name}: ${targetHost}`);
    else if (lower === 'origin') lines.push(`${name}: http://${targetHost}`);
    else lines.push(`${name}: ${value}`);
  }
  return lines.join('\r\n') + '\r\n\r\n';
}
