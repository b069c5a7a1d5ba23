/**
 * Failed sign-ins, counted in process memory per email and per client address: past the limit
 * within a window that starts at the first failure, further attempts wait until the window
 * ends (and are not even checked, so they cost no password hash). A success clears the
 * email's count. Several API processes each keep their own counts: the bound is per process,
 * as for the other limits (src/http/rate-limit.ts).
 */
export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly limits: { perEmail: number; perAddress: number; windowMs: number }) {}

  /** Milliseconds until an attempt for this email from this address may be checked; 0: now. */
  wait(email: string, address: string, nowMs: number): number {
    return Math.max(
      this.waitFor(`e:${email}`, this.limits.perEmail, nowMs),
      this.waitFor(`a:${address}`, this.limits.perAddress, nowMs),
    );
  }

  fail(email: string, address: string, nowMs: number): void {
    this.count(`e:${email}`, nowMs);
    this.count(`a:${address}`, nowMs);
  }

  succeed(email: string): void {
    this.failures.delete(`e:${email}`);
  }

  private waitFor(key: string, max: number, nowMs: number): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    const ends = f.since + this.limits.windowMs;
    if (nowMs >= ends) {
      this.failures.delete(key);
      return 0;
    }
    return f.count >= max ? ends - nowMs : 0;
  }

  private count(key: string, nowMs: number): void {
    const f = this.failures.get(key);
    if (!f || nowMs >= f.since + this.limits.windowMs) this.failures.set(key, { count: 1, since: nowMs });
    else f.count++;
    if (this.failures.size > 100_000) this.sweep(nowMs);
  }

  private sweep(nowMs: number): void {
    for (const [k, f] of this.failures) if (nowMs >= f.since + this.limits.windowMs) this.failures.delete(k);
  }
}
