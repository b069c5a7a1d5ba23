/** Money is integer minor units plus the programme's currency; shown in the browser's locale. */
export function money(minor: number, currency: string): string {
  const f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

export function points(n: number, signed = false): string {
  const s = new Intl.NumberFormat().format(n);
  return signed && n > 0 ? `+${s}` : s;
}

/** A time in the programme's time zone: staff read the till's clock, not their laptop's. */
export function dateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function date(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

export function fullName(c: { firstName: string | null; lastName: string | null }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || '(no name)';
}

/** basis points (10000 = 100%) → "42.5%". */
export function percentBp(bp: number | null | undefined): string {
  return bp == null ? '—' : `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 1)}%`;
}

export function sentenceCase(s: string): string {
  const t = s.replace(/_/g, ' ').toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** A key for a mutation that moves points: one per form submission, reused by its retry. */
export function idempotencyKey(prefix: string): string {
  return `console-${prefix}-${crypto.randomUUID()}`;
}

const CHANNELS: Record<string, string> = { EMAIL: 'Email', SMS: 'SMS', PUSH: 'Push' };
export function channel(c: string): string {
  return CHANNELS[c] ?? sentenceCase(c);
}
