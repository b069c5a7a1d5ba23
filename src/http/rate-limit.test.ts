import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    let t = 0;
    const rl = new RateLimiter(2, 3, () => t);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    expect(rl.take('a')).toBe(1); // empty: wait for the next token
    expect(rl.take('b')).toBe(0); // other keys have their own bucket
    t = 500; // half a second at 2/s = one token
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(1);
    t = 60_000;
    expect([rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0, 1]); // never above the burst
  });
});
