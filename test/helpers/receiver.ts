import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real webhook receiver on loopback. Each path behaves as its name says: `/ok` answers 200,
 * `/fail` 500, `/slow` answers after 5 s, `/close` drops the connection, `/redirect` answers
 * 307 to `/ok`. Everything it was sent is kept in `received`, in arrival order.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body, at: Date.now() });
      if (path.startsWith('/ok')) return res.writeHead(200).end('ok');
      if (path.startsWith('/fail')) return res.writeHead(500).end('no');
      if (path.startsWith('/slow')) {
        const t = setTimeout(() => res.writeHead(200).end('late'), 5000);
        res.on('close', () => clearTimeout(t));
        return;
      }
      if (path.startsWith('/close')) return req.socket.destroy();
      if (path.startsWith('/redirect')) return res.writeHead(307, { location: '/ok' }).end();
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** What reached `path` (prefix), parsed. */
    events(path: string) {
      return received
        .filter((r) => r.path.startsWith(path))
        .map((r) => ({ ...r, event: JSON.parse(r.body) as { id: string; type: string; data: any } }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
