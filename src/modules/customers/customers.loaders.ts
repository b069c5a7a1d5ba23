import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import {
  type ConsentRow,
  type CustomerRow,
  consentsByCustomerIds,
  customersByIds,
  type NoteRow,
  notesByCustomerIds,
  type PreferencesRow,
  preferencesByCustomerIds,
} from './customers.repo';

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** One batch query per field per request, whatever the number of customers asked for. */
export function customerLoaders(q: Scoped) {
  return {
    customerById: new DataLoader<string, CustomerRow | null>(async (ids) => {
      const byId = new Map((await customersByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    preferences: new DataLoader<string, PreferencesRow | null>(async (ids) => {
      const byId = new Map((await preferencesByCustomerIds(q, ids)).map((r) => [r.customer_id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    consents: new DataLoader<string, ConsentRow[]>(async (ids) => {
      const byId = groupBy(await consentsByCustomerIds(q, ids), (r) => r.customer_id);
      return ids.map((id) => byId.get(id) ?? []);
    }),
    notes: new DataLoader<string, NoteRow[]>(async (ids) => {
      const byId = groupBy(await notesByCustomerIds(q, ids), (r) => r.customer_id);
      return ids.map((id) => byId.get(id) ?? []);
    }),
  };
}
export type CustomerLoaders = ReturnType<typeof customerLoaders>;
