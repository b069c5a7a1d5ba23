import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import {
  consoleWorldForTests,
  expectAccessible,
  FLOW_TIMEOUT,
  signIn,
  watchForErrors,
} from '../helpers/console';
import { makeCustomer } from '../helpers/factories';

const ASSIGNEES = `{ followUpAssignees { id name role } }`;
const ASSIGN = `mutation($input: AssignFollowUpTaskInput!) { assignFollowUpTask(input: $input) { assignee assigneeId } }`;
const MINE = `query($id: ID!) { followUpTasks(filter: { assigneeId: $id }) { edges { node { id } } } }`;
const TEAM = `{ staffUsers { id name email } }`;
const DISABLE = `mutation($id: ID!) { disableStaffUser(id: $id) { staff { id } } }`;

/** A follow-up task goes to a colleague chosen from the team, stored as their account's id and name. */
describe.skipIf(!browserAvailable())('console: assigning a follow-up task to a colleague (issue 11)', () => {
  let taskId: string;
  const ids: Record<string, string> = {};

  const w = consoleWorldForTests(async () => {
    const c = await makeCustomer(w.t.db, w.programId, { firstName: 'Lena', lastName: 'Call' });
    // A task as the survey job makes them (the fixture is the row; the API under test assigns it).
    const [row] = await w.t
      .db('follow_up_tasks')
      .insert({
        program_id: w.programId,
        kind: 'CALL_CUSTOMER',
        customer_id: c.id,
        due_at: new Date(Date.now() + 86_400_000),
        status: 'OPEN',
        created_at: new Date(),
      })
      .returning('id');
    taskId = row.id;
    await w.staff('staff', 'Cara Care');
    await w.staff('staff', 'Sam Server');
    await w.staff('marketing', 'Maya Marketing');
    const left = await w.staff('staff', 'Lee Left');
    const team = await w.s.gql(TEAM, {}, w.keys.admin);
    for (const u of team.data!.staffUsers as { id: string; name: string }[]) ids[u.name] = u.id;
    const off = await w.s.gql(DISABLE, { id: ids[left.name] }, w.keys.admin);
    expect(off.errors).toBeUndefined();
  });

  it('the API lists who may work on tasks and stores the chosen one’s id and name', async () => {
    const r = await w.s.gql(ASSIGNEES, {}, w.keys.staff);
    expect(r.errors).toBeUndefined();
    // Active, and a role that works on tasks: not marketing, not a disabled account.
    expect(r.data!.followUpAssignees.map((u: { name: string }) => u.name)).toEqual([
      'Cara Care',
      'Sam Server',
    ]);
    expect((await w.s.gql(ASSIGNEES, {}, w.keys.marketing)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ok = await w.s.gql(ASSIGN, { input: { taskId, assigneeId: ids['Sam Server'] } }, w.keys.staff);
    expect(ok.data!.assignFollowUpTask).toEqual({ assignee: 'Sam Server', assigneeId: ids['Sam Server'] });
    const mine = await w.s.gql(MINE, { id: ids['Sam Server'] }, w.keys.staff);
    expect(mine.data!.followUpTasks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([taskId]);
    for (const who of ['Maya Marketing', 'Lee Left']) {
      const no = await w.s.gql(ASSIGN, { input: { taskId, assigneeId: ids[who] } }, w.keys.staff);
      expect(no.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(no.errors?.[0]?.extensions)).toContain('input.assigneeId');
    }
    // A name alone still works for integrations without console accounts; both null unassigns.
    const typed = await w.s.gql(ASSIGN, { input: { taskId, assignee: 'Front desk' } }, w.keys.staff);
    expect(typed.data!.assignFollowUpTask).toEqual({ assignee: 'Front desk', assigneeId: null });
    const none = await w.s.gql(ASSIGN, { input: { taskId, assigneeId: null } }, w.keys.staff);
    expect(none.data!.assignFollowUpTask).toEqual({ assignee: null, assigneeId: null });
  });

  it(
    'customer care picks a colleague from the team with the keyboard, then takes it themselves',
    async () => {
      const page = await (await w.context()).newPage();
      const problems = watchForErrors(page);
      const cara = (await w.s.gql(TEAM, {}, w.keys.admin)).data!.staffUsers.find(
        (u: { name: string }) => u.name === 'Cara Care',
      );
      await signIn(w, page, cara.email);
      await page.goto(`${w.s.url}/console/feedback/tasks`);
      const task = page.getByRole('article', { name: /Lena/ });
      await task.getByText('Assign, comment or resolve').click();
      const select = task.getByRole('combobox', { name: 'Assignee' });
      await expect
        .poll(() => select.locator('option').allTextContents())
        .toEqual(['Nobody', 'Cara Care (you)', 'Sam Server']);
      await select.focus();
      await select.selectOption({ label: 'Sam Server' });
      // A select does not submit on Enter: Tab to the Assign button, as a keyboard user would.
      await select.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Assign');
      await page.keyboard.press('Enter');
      await expect.poll(() => task.locator('dl.facts').textContent()).toContain('Sam Server');
      const stored = await w.t.db('follow_up_tasks').where({ id: taskId }).first();
      expect({ name: stored.assignee, id: stored.assignee_id }).toEqual({
        name: 'Sam Server',
        id: ids['Sam Server'],
      });
      await expectAccessible(page, 'a task with the team to choose from');

      await task.getByRole('button', { name: 'Assign to me' }).click();
      await expect.poll(() => task.locator('dl.facts').textContent()).toContain('Cara Care');
      // "Assigned to me" finds it by the account, not by the name.
      await page.getByLabel('Show').selectOption('mine');
      await page.getByRole('article', { name: /Lena/ }).waitFor();
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
