import { describe, expect, it } from 'vitest';
import { rulesSubscriber } from '../modules/rules/rules.subscriber';
import { SUBSCRIBERS } from './domain-events';

describe('domain event subscribers', () => {
  it('are the rules alone, the one subscriber record-purchase raises purchase.recorded for', () => {
    // record-purchase.ts raises purchase.recorded only when a rule may act (the plan checks it,
    // which keeps a purchase at its round trips). A new subscriber would miss the other purchases:
    // change when the event is raised for it, then list it here.
    expect(SUBSCRIBERS).toEqual([rulesSubscriber]);
  });
});
