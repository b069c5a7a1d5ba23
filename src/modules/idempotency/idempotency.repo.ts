import type { Scoped } from '../../db/scoped';

export interface IdempotencyRow {
  key: string;
  operation: string;
  request_hash: Buffer;
  /** Top-level input field → short hash of its value (null on keys older than the column). */
  field_hashes: Record<string, string> | null;
  result: Record<string, unknown>;
  created_at: Date;
}

/**
 * Claims the key, or returns null when it is already taken. A concurrent claim of the same
 * key blocks here on the primary key until the first transaction ends.
 */
export async function claimKey(
  q: Scoped,
  k: { key: string; operation: string; hash: Buffer; fieldHashes: Record<string, string>; at: Date },
): Promise<boolean> {
  const rows = await q
    .insert('idempotency_keys', {
      key: k.key,
      operation: k.operation,
      request_hash: k.hash,
      field_hashes: JSON.stringify(k.fieldHashes),
      created_at: k.at,
    })
    .onConflict(['program_id', 'key'])
    .ignore()
    .returning('key');
  return rows.length > 0;
}

export function findKey(q: Scoped, key: string): Promise<IdempotencyRow | undefined> {
  return q('idempotency_keys').where({ key }).first();
}

export async function storeResult(q: Scoped, key: string, result: object): Promise<void> {
  await q('idempotency_keys')
    .where({ key })
    .update({ result: JSON.stringify(result) });
}

/** Housekeeping for a later job: keys are kept at least 30 days (API.md). */
export function deleteKeysBefore(q: Scoped, before: Date): Promise<number> {
  return q('idempotency_keys').where('created_at', '<', before).delete();
}
