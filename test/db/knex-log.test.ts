import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/knex';

// Issue 17, defect 10: during an outage knex printed plain-text "Acquire connection error"
// lines through console.log, breaking the JSON log. They go through pino now.
afterEach(() => vi.restoreAllMocks());

describe('knex messages go to the JSON log', () => {
  it('a connection error during an outage is one JSON line, nothing on the console', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        cb();
      },
    });
    const log = pino({ level: 'debug', base: undefined }, sink);
    const printed = vi.spyOn(console, 'log');
    const db = createDb(`postgres://nobody:pw@127.0.0.1:${port}/none`, { log });
    try {
      await expect(db.raw('select 1')).rejects.toThrow();
    } finally {
      await db.destroy();
    }
    expect(printed).not.toHaveBeenCalled();
    const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string; component?: string });
    const acquire = entries.find((e) => e.msg.startsWith('Acquire connection error'));
    expect(acquire).toMatchObject({ level: 40, component: 'knex' });
    expect(acquire!.msg).not.toContain('\n');
  });
});

/** A loopback port with nothing listening: a database that is down. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
