/**
 * The customer import's own statements (import.service.ts decides row by row): which file and
 * line each imported customer came from, and which external ids were erased.
 */
import type { Scoped } from '../../db/scoped';

/** Where an imported customer came from. */
export interface ImportRecord {
  file_id: string;
  line: number;
  row_hash: Buffer;
}

/** Where imported customers came from: one row per customer (file, line, the row's hash). */
export async function insertCustomerImports(
  q: Scoped,
  rows: { customer_id: string; file_id: string; line: number; row_hash: Buffer; created_at: Date }[],
): Promise<void> {
  await q.insert('customer_imports', rows);
}

/** Customers with these external ids, each with the import that created them (nulls if none). */
export function importRecordsByExternalIds(
  q: Scoped,
  externalIds: string[],
): Promise<(ImportRecord & { external_id: string })[]> {
  return q('customers as c')
    .leftJoin('customer_imports as i', (j) =>
      j.on('i.program_id', 'c.program_id').andOn('i.customer_id', 'c.id'),
    )
    .whereIn('c.external_id', externalIds)
    .select('c.external_id', 'i.file_id', 'i.line', 'i.row_hash');
}

/** Which of these external id hashes were kept by an erasure. */
export function erasedExternalIdHashes(q: Scoped, hashes: Buffer[]): Promise<{ external_id_hash: Buffer }[]> {
  return q('erased_external_ids').whereIn('external_id_hash', hashes).select('external_id_hash');
}

/** The import that created this customer, if one did. */
export function customerImportOf(q: Scoped, customerId: string): Promise<ImportRecord | undefined> {
  return q('customer_imports').where({ customer_id: customerId }).first();
}
