/**
 * `npm start` (and `npm run dev` with --dev): Next.js behind a plain node:http server, so the app
 * knows who it is talking to. On every request the header x-steady-peer-ip is set to the TCP
 * peer's address, replacing any copy the client sent; the app reads the client's address from it,
 * and from the forwarded header only through TRUSTED_PROXIES (lib/http/client-ip.server.ts).
 * Under plain `next start` a route cannot tell a client's X-Forwarded-For from Next's own.
 *
 * PORT (default 3000) and HOST (default: every interface, as `next start`; 127.0.0.1 with --dev)
 * choose where it listens.
 */
import { createServer } from "node:http";

const PEER_IP_HEADER = "x-steady-peer-ip";
const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT: "${process.env.PORT}" is not a port number (0–65535)`);
  process.exit(1);
}
const host = process.env.HOST || (dev ? "127.0.0.1" : undefined);
// The app reads both (lib/env.server.ts): where it listens decides demo mode's default, and the
// peer header is believed only under this server.
if (host) process.env.HOST = host;
process.env.STEADY_PEER_HEADER = "1";

// Imported after NODE_ENV is set, as `next start` would.
const { default: next } = await import("next");

/** Sets the peer header from the socket, after removing every copy the client sent. */
function stampPeer(req) {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i].toLowerCase() === PEER_IP_HEADER) raw.splice(i, 2);
  const peer = req.socket.remoteAddress ?? "";
  req.headers[PEER_IP_HEADER] = peer;
  raw.push(PEER_IP_HEADER, peer);
}

const server = createServer((req, res) => {
  stampPeer(req);
  handle(req, res).catch((err) => {
    console.error("[steady] request failed", err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
const app = next({ dev, hostname: host ?? "localhost", port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();
server.listen(port, host, () => {
  const shown = !host || host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  console.log(`> Steady ${dev ? "(development) " : ""}listening on http://${shown}:${port}${host ? "" : " (every interface)"}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    void app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
