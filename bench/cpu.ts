/**
 * CPU time of the processes a benchmark drives, read from /proc (Linux), so each scenario can
 * say what one request costs on each side: the API process, PostgreSQL (the postmaster and its
 * backends) and the load generator (this process). Wall-clock throughput on a shared 2-core
 * machine moves with other work; CPU per request moves much less.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK is 100 on Linux builds here (getconf CLK_TCK)

/** utime + stime (+ children's, when `children`) of one process, in ms; 0 when it is gone. */
function processMs(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * TICK_MS;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** CPU ms of a process and its children (live ones, and those it has reaped). */
export function treeMs(pid: number): number {
  let total = processMs(pid, true);
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (Number.isInteger(child) && child !== pid && parentOf(child) === pid) total += processMs(child);
  }
  return total;
}

/**
 * PostgreSQL's CPU ms, split: the backends serving client connections (the work of the
 * statements, commit's WAL flush included) and everything else (checkpointer, WAL writer,
 * autovacuum, I/O workers, exited processes: work deferred from the writes, spread over time,
 * which a slow scenario would otherwise be charged more of per request).
 */
export function postgresMs(postmaster: number): { backends: number; background: number } {
  let backends = 0;
  let background = processMs(postmaster, true);
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child) || child === postmaster || parentOf(child) !== postmaster) continue;
    // A backend's title: "postgres: <user> <database> <address>(<port>) <state>".
    if (/^postgres: \S+ \S+ [^ ]*\(\d+\)/.test(commandOf(child))) backends += processMs(child);
    else background += processMs(child);
  }
  return { backends, background };
}

/** CPU ms of this process (the load generator, or the client of the in-process scenarios). */
export function selfMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The postmaster's pid, from postmaster.pid in the data directory. */
export function postmasterPid(dataDirectory: string): number {
  return Number(readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0]);
}
