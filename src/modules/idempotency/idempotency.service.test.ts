import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldHashes, requestHash, requestHashes } from './idempotency.service';

describe('requestHashes', () => {
  it('gives exactly requestHash and fieldHashes, for any input', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.date({ noInvalidDate: true }),
      fc.constant(undefined),
      fc.dictionary(
        fc.string(),
        fc.oneof(fc.jsonValue(), fc.date({ noInvalidDate: true }), fc.constant(undefined)),
      ),
    );
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.dictionary(fc.string(), value), value), (operation, input) => {
        const both = requestHashes(operation, input);
        expect(both.hash.equals(requestHash(operation, input))).toBe(true);
        expect(both.fields).toEqual(fieldHashes(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('a purchase-shaped input', () => {
    const input = {
      customerId: 'c1',
      externalId: 'r-1',
      occurredAt: new Date('2026-03-03T12:00:00Z'),
      storeCode: undefined,
      lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 450, category: null }],
    };
    const both = requestHashes('recordPurchase', input);
    expect(both.hash.equals(requestHash('recordPurchase', input))).toBe(true);
    expect(both.fields).toEqual(fieldHashes(input));
    expect(Object.keys(both.fields).sort()).toEqual([
      'customerId',
      'externalId',
      'lines',
      'occurredAt',
      'storeCode',
    ]);
  });
});
