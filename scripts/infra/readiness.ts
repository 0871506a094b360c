import fs from 'node:fs';
import os from 'node:os';
import { isAlive, sleep, tailFile } from './processes';

/**
 * Waiting for a daemon we just started to answer. A fixed deadline fails a healthy start on a busy
 * machine (two cores shared with a test run can make MiniStack take a minute), and waiting for ever hides
 * a broken one; so the wait adapts: it keeps going while the process shows signs of work (CPU time used,
 * log growing), says every few seconds that it is still waiting and why, and gives up early only when the
 * process exited or did nothing for a while, late only at a generous hard deadline.
 */
export interface StartWait {
  /** The daemon's name as the user knows it: "MiniStack", "Kafka". */
  what: string;
  /** True once the daemon answers. Each call must be bounded by its own timeout. */
  answers: () => Promise<boolean>;
  pid: number;
  logFile: string;
  log: (line: string) => void;
  /** How long a start that shows no progress is given before it is called stuck. */
  patienceMs: number;
  /** Given up past this whatever happens; INFRA_START_TIMEOUT (seconds) overrides it. */
  deadlineMs?: number;
  /** A process that has used no CPU and written no log for this long, past the patience, is stuck. */
  stallMs?: number;
  progressEveryMs?: number;
  intervalMs?: number;
  /** For tests: time, sleeping, liveness and activity of the process. */
  clock?: { now(): number; sleep(ms: number): Promise<void> };
  alive?: (pid: number) => boolean;
  activity?: (pid: number, logFile: string) => string | undefined;
  load?: () => string;
}

export const DEFAULT_START_DEADLINE_MS = 300_000;

/** The hard deadline: INFRA_START_TIMEOUT in seconds when set, else the default. */
export function startDeadlineMs(env: NodeJS.ProcessEnv = process.env, fallback = DEFAULT_START_DEADLINE_MS) {
  const raw = env.INFRA_START_TIMEOUT?.trim();
  if (!raw) return fallback;
  const seconds = Number(raw);
  if (!(Number.isFinite(seconds) && seconds > 0))
    throw new Error(`INFRA_START_TIMEOUT must be a number of seconds, not "${raw}"`);
  return seconds * 1000;
}

/** Resolves with the milliseconds the start took; rejects with a message that says what to do. */
export async function waitForStart(wait: StartWait): Promise<number> {
  const clock = wait.clock ?? { now: Date.now, sleep };
  const alive = wait.alive ?? isAlive;
  const activity = wait.activity ?? processActivity;
  const load = wait.load ?? machineLoad;
  const deadlineMs = wait.deadlineMs ?? startDeadlineMs();
  const stallMs = wait.stallMs ?? 15_000;
  const progressEveryMs = wait.progressEveryMs ?? 5000;
  const intervalMs = wait.intervalMs ?? 250;

  const started = clock.now();
  let lastActivity = activity(wait.pid, wait.logFile);
  let lastActivityAt = started;
  let nextProgress = started + progressEveryMs;
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  const logTail = () => `its log (${wait.logFile}) ends:\n${tailFile(wait.logFile)}`;

  for (;;) {
    if (await wait.answers()) return clock.now() - started;
    const now = clock.now();
    const elapsed = now - started;
    if (!alive(wait.pid)) throw new Error(`${wait.what} did not start: the process exited; ${logTail()}`);

    const current = activity(wait.pid, wait.logFile);
    if (current === undefined || current !== lastActivity) {
      lastActivity = current;
      lastActivityAt = now;
    }
    const idleMs = now - lastActivityAt;
    if (elapsed >= wait.patienceMs && idleMs >= stallMs) {
      throw new Error(
        `${wait.what} did not start: after ${seconds(elapsed)} it still does not answer and has done ` +
          `nothing (no CPU time, no log) for ${seconds(idleMs)}; ${logTail()}`,
      );
    }
    if (elapsed >= deadlineMs) {
      throw new Error(
        `${wait.what} did not start within ${seconds(deadlineMs)} although it is still working ` +
          `(${load()}); on a busy machine set INFRA_START_TIMEOUT=<seconds> to wait longer; ${logTail()}`,
      );
    }
    if (now >= nextProgress) {
      nextProgress = now + progressEveryMs;
      wait.log(
        `${wait.what} not answering yet after ${seconds(elapsed)}: process ${wait.pid} is ` +
          `${idleMs < stallMs ? 'working' : `idle for ${seconds(idleMs)}`} (${load()}); still waiting`,
      );
    }
    await clock.sleep(intervalMs);
  }
}

/**
 * A value that changes whenever the process does something we can see: its CPU time (Linux /proc) and the
 * size of its log. Undefined where /proc does not exist (macOS), which counts as activity: no false
 * "stuck" there, only the hard deadline.
 */
export function processActivity(pid: number, logFile: string): string | undefined {
  let cpuTicks: number;
  try {
    // The fields after the command name (which may contain spaces, hence the last ')'): utime and stime
    // are the 14th and 15th fields of the line.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpuTicks = Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
  let logBytes = 0;
  try {
    logBytes = fs.statSync(logFile).size;
  } catch {
    // No log yet: the CPU time alone tells.
  }
  return `${cpuTicks}:${logBytes}`;
}

function machineLoad(): string {
  const [one] = os.loadavg();
  return `load ${one!.toFixed(1)} on ${os.cpus().length} cores`;
}
