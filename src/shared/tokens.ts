import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out once (API keys, customer session tokens) look like
 * `rk_<program id, 32 hex>_<43 chars of base64url randomness>`. The program id inside lets
 * the lookup stay program-scoped (`program_id` leads every index); the random part is 256
 * bits, so a fast hash (SHA-256) is the right storage — there is nothing to brute-force.
 * Kinds: `rk` API key, `rs` customer session, `ss` staff session (the console's cookie),
 * `si` staff invitation (the emailed link).
 */
export type TokenKind = 'rk' | 'rs' | 'ss' | 'si';

export function newToken(kind: TokenKind, programId: string, secret: Buffer = randomBytes(32)): string {
  return `${kind}_${programId.replaceAll('-', '')}_${secret.toString('base64url')}`;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface ParsedToken {
  kind: TokenKind;
  programId: string;
  token: string;
}

const TOKEN = /^(rk|rs|ss|si)_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function parseToken(token: string): ParsedToken | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const hex = m[2]!;
  const programId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { kind: m[1] as TokenKind, programId, token };
}

/** The part of a key safe to show in lists: kind and the first characters of the secret. */
export function tokenPrefix(token: string): string {
  return `${token.slice(0, 3)}…${token.slice(-6)}`;
}
