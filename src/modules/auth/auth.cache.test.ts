import { describe, expect, it } from 'vitest';
import { AuthCache } from './auth.cache';

const viewer = { kind: 'api_key', programId: 'p', role: 'pos', keyId: 'k' } as const;
const entry = { viewer, expiresAt: null, lastUsedAt: null };

describe('AuthCache', () => {
  it('serves nothing until its listener is up, and forgets everything when it goes down', () => {
    const c = new AuthCache();
    c.put('h', c.generation(), entry);
    expect(c.get('h', 0)).toBeUndefined();
    c.setLive(true);
    c.put('h', c.generation(), entry);
    expect(c.get('h', 0)?.viewer).toEqual(viewer);
    c.setLive(false);
    c.setLive(true);
    expect(c.get('h', 0)).toBeUndefined();
  });

  it('a row read before a notification arrived is not stored (a lookup racing a revocation)', () => {
    const c = new AuthCache();
    c.setLive(true);
    const g = c.generation(); // the lookup starts
    c.forget('h'); // the revocation's NOTIFY arrives while it reads
    c.put('h', g, entry); // the lookup ends with the row as it was
    expect(c.get('h', 0)).toBeUndefined();
  });

  it('drops a session at its expiry, an entry after its time to live, the oldest past the size bound', async () => {
    const c = new AuthCache(50, 2);
    c.setLive(true);
    c.put('s', c.generation(), { ...entry, expiresAt: 1000 });
    expect(c.get('s', 999)).toBeDefined();
    expect(c.get('s', 1000)).toBeUndefined();
    c.put('a', c.generation(), entry);
    c.put('b', c.generation(), entry);
    c.put('c', c.generation(), entry);
    expect([c.get('a', 0), c.get('b', 0), c.get('c', 0)].map(Boolean)).toEqual([false, true, true]);
    await new Promise((r) => setTimeout(r, 60));
    expect(c.get('c', 0)).toBeUndefined();
  });
});
