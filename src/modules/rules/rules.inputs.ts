import { z } from 'zod';
import { DAY_MS } from '../../shared/time';

const Name = z.string().trim().min(1).max(200);
/** What the customer sees on the bonus: "Thank you for your 5th visit!". */
const Label = z.string().trim().min(1).max(200);

export const CreateRewardRuleInput = z.object({ name: Name, label: Label, definition: z.unknown() });
export type CreateRewardRuleInput = z.infer<typeof CreateRewardRuleInput>;

export const UpdateRewardRuleInput = z.object({
  id: z.uuid(),
  name: Name.optional(),
  label: Label.optional(),
  definition: z.unknown().optional(),
});
export type UpdateRewardRuleInput = z.infer<typeof UpdateRewardRuleInput>;

export const RuleIdInput = z.object({ id: z.uuid() });
export type RuleIdInput = z.infer<typeof RuleIdInput>;

export const ValidateRewardRuleInput = z.object({ definition: z.unknown() });
export type ValidateRewardRuleInput = z.infer<typeof ValidateRewardRuleInput>;

export const SimulateRewardRuleInput = z
  .object({
    definition: z.unknown(),
    label: Label.default('simulation'),
    from: z.date(),
    to: z.date(),
    /** What 100 points are worth to the program, in minor units: turns the cost into money. */
    pointValueMinorPer100: z.number().int().nonnegative().optional(),
  })
  .refine((i) => i.from < i.to, { message: 'Must be after from', path: ['to'] })
  .refine((i) => i.to.getTime() - i.from.getTime() <= 400 * DAY_MS, {
    message: 'At most 400 days',
    path: ['to'],
  });
export type SimulateRewardRuleInput = z.infer<typeof SimulateRewardRuleInput>;
