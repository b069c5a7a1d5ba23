/**
 * What a reward rule can do, as typed data beside its conditions (rules.conditions.ts): each
 * action has a code, a description and zod args, from which the catalogue gives the console its
 * JSON schema and the parser its typed args. The engine (rules.engine.ts) carries them out with
 * a `switch` on the code that narrows the args: no casts.
 */
import { z } from 'zod';

export interface ActionDefinition<C extends string = string, A extends z.ZodType = z.ZodType> {
  code: C;
  description: string;
  args: A;
}

export function defineAction<C extends string, A extends z.ZodType>(
  d: ActionDefinition<C, A>,
): ActionDefinition<C, A> {
  return d;
}

const awardPoints = defineAction({
  code: 'AWARD_POINTS',
  description: 'Award bonus points: a fixed number, or a percentage of the purchase’s base points',
  args: z
    .object({
      points: z.number().int().positive().max(1_000_000).optional(),
      percentOfBase: z.number().int().positive().max(10_000).optional(),
    })
    .refine((a) => (a.points == null) !== (a.percentOfBase == null), {
      message: 'Give exactly one of points and percentOfBase',
    }),
});

const issueReward = defineAction({
  code: 'ISSUE_REWARD',
  description: 'Issue a catalogue reward free of charge',
  args: z.object({ catalogItemId: z.uuid() }),
});

const sendMessage = defineAction({
  code: 'SEND_MESSAGE',
  description: 'Send a thank-you message (template; channel by the customer’s preferences)',
  args: z.object({
    templateKey: z.string().min(1).max(100),
    channel: z.enum(['EMAIL', 'SMS', 'PUSH']).optional(),
  }),
});

const createTask = defineAction({
  code: 'CREATE_TASK',
  description: 'Create a task for staff',
  args: z.object({ title: z.string().min(1).max(200) }),
});

/** Every action, by code, in the order the catalogue lists them. */
export const ACTIONS = {
  AWARD_POINTS: awardPoints,
  ISSUE_REWARD: issueReward,
  SEND_MESSAGE: sendMessage,
  CREATE_TASK: createTask,
} as const;
export type ActionCode = keyof typeof ACTIONS;

/** A parsed action: its code and the args its schema gives (a union the engine narrows on `type`). */
export type RuleAction = {
  [C in ActionCode]: { type: C; args: z.infer<(typeof ACTIONS)[C]['args']> };
}[ActionCode];

/**
 * Parses an action's args by its own schema: the action, or the issues (paths inside the args).
 * TypeScript cannot pair a code with its schema across the union, so the pairing is asserted
 * here, once, right after the schema of that very code produced the args.
 */
export function parseAction(
  type: ActionCode,
  raw: unknown,
): { ok: true; action: RuleAction } | { ok: false; error: z.ZodError } {
  const r = (ACTIONS[type].args as z.ZodType).safeParse(raw ?? {});
  return r.success
    ? { ok: true, action: { type, args: r.data } as RuleAction }
    : { ok: false, error: r.error };
}

/** The points an AWARD_POINTS action gives: its fixed points, or its percent of the base points (rounded down). */
export function awardedPoints(a: z.infer<typeof awardPoints.args>, basePoints: number): number {
  return a.points != null ? a.points : Math.floor((basePoints * a.percentOfBase!) / 100);
}
