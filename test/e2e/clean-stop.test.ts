import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectOutput, ROOT, waitForOutput } from '../helpers/process';

// Issue 10 defect 8: Ctrl-C on `npm start` logged error-level lines on every stop ("Error
// occurred attempting to UNLISTEN", "outbox relay failed … Connection terminated") and could
// hang. Ctrl-C signals the whole foreground process group, the embedded PostgreSQL included,
// so the server runs in its own group here and the group gets SIGINT, as from a terminal.
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('a clean stop', () => {
  it('Ctrl-C (SIGINT to the process group) exits 0 promptly with no error-level log line', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'regulars-stop-'));
    dirs.push(dataDir);
    await fs.chmod(dataDir, 0o777);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', REGULARS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out = collectOutput(child);
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await waitForOutput(child, /job worker running/, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // the relay and the runners poll meanwhile

    const start = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000)),
    ]);
    if (code === 'hung') process.kill(-child.pid!, 'SIGKILL');
    const seconds = (Date.now() - start) / 1000;

    const lines = out.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    const errors = lines.filter((l) => l.level >= 50).map((l) => l.msg);
    expect({ code, errors, stderr: out.stderr.trim() }).toEqual({ code: 0, errors: [], stderr: '' });
    expect(seconds).toBeLessThan(10);
    expect(lines.at(-1)?.msg).toBe('stopped');
  }, 150_000);

  it('SIGINT to `npm start` itself (not its group) stops the server cleanly', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'regulars-stop-'));
    dirs.push(dataDir);
    await fs.chmod(dataDir, 0o777);
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', REGULARS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    npm.stdout!.on('data', (d) => {
      stdout += d;
    });
    const exited = new Promise<number | null>((r) => npm.on('close', (code) => r(code)));
    await waitForOutput(npm, /Regulars is listening/, 90_000);
    npm.kill('SIGINT'); // npm's pid only: the script must be the server itself (`exec node …`)
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000)),
    ]);
    if (code === 'hung') process.kill(-npm.pid!, 'SIGKILL');
    const errors = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    expect({ code, errors }).toEqual({ code: 0, errors: [] });
  }, 150_000);
});
