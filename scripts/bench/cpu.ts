import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU time the system's processes spent, read from /proc (Linux; elsewhere nothing is measured). Unlike
 * latencies, CPU time per order barely depends on what else the machine runs, so it says what the system
 * costs even on a shared machine, and how many orders per second idle cores could carry.
 */
export type CpuTimes = Record<string, number>;

/** The processes to account for, by name; a name ending in `main thread` is that process's thread 1. */
export type Processes = Record<string, number | undefined>;

const TICKS_PER_SECOND = ticksPerSecond();

/** CPU milliseconds (user + system) of each process so far, and of each process's main thread. */
export function cpuTimes(processes: Processes): CpuTimes {
  const times: CpuTimes = {};
  for (const [name, pid] of Object.entries(processes)) {
    if (pid === undefined) continue;
    const whole = ticks(`/proc/${pid}/stat`);
    if (whole === undefined) continue;
    times[name] = whole;
    const main = ticks(`/proc/${pid}/task/${pid}/stat`);
    if (main !== undefined) times[`${name} main thread`] = main;
  }
  return times;
}

/** What each process spent between two readings. */
export function spent(before: CpuTimes, after: CpuTimes): CpuTimes {
  const delta: CpuTimes = {};
  for (const [name, ms] of Object.entries(after)) if (name in before) delta[name] = ms - before[name]!;
  return delta;
}

/**
 * Orders per second `cores` idle cores could carry at this CPU cost: bounded by all the work spread over
 * every core, and by each single-threaded part (a process's main thread, the Python emulator) on one core.
 */
export function capacity(perOrderMs: CpuTimes, cores: number, singleThreaded: string[]): number | undefined {
  const total = Object.entries(perOrderMs)
    .filter(([name]) => !name.endsWith('main thread'))
    .reduce((sum, [, ms]) => sum + ms, 0);
  if (!(total > 0)) return undefined;
  const bounds = [(cores * 1000) / total];
  for (const name of singleThreaded) {
    const ms = perOrderMs[name];
    if (ms && ms > 0) bounds.push(1000 / ms);
  }
  return Math.min(...bounds);
}

function ticks(file: string): number | undefined {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime + stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
