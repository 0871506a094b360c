import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** True when something accepts TCP connections on host:port within the timeout. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(pidFile: string): number | undefined {
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  logFile: string;
  pidFile: string;
}

/** Starts a process that outlives this one (its own process group), output to a log file. */
export function startDaemon(spec: DaemonSpec): number {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = fs.openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...spec.env },
  });
  fs.closeSync(log);
  // A command that cannot be run also emits 'error' later: the error thrown here already says so, and
  // without a listener that event would end this process with a bare "spawn ENOENT" instead.
  child.once('error', () => undefined);
  if (child.pid === undefined) throw new Error(`${spec.name} did not start: could not run ${spec.command}`);
  child.unref();
  fs.writeFileSync(spec.pidFile, String(child.pid));
  return child.pid;
}

/**
 * SIGTERM, then SIGKILL after the grace period. Resolves once the process is gone: 'stopped' when it
 * exited on its own (a clean shutdown), 'killed' when it had to be killed, undefined when it was not running.
 */
export async function stopDaemon(
  pidFile: string,
  graceMs = 20_000,
): Promise<'stopped' | 'killed' | undefined> {
  const pid = readPid(pidFile);
  fs.rmSync(pidFile, { force: true });
  if (pid === undefined) return undefined;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return 'stopped';
  signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; fails with `what` after the timeout or when `gaveUp` says so. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs,
    intervalMs = 250,
    gaveUp,
  }: { timeoutMs: number; intervalMs?: number; gaveUp?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const reason = gaveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`${what}: still not ready after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(
  command: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): string {
  const result = spawnSync(command, args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${tail(result.stdout + result.stderr)}`,
    );
  }
  return result.stdout;
}

/** The version a tool prints, or undefined when the tool is not on PATH. */
export function toolOutput(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`;
}

export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function tailFile(file: string, lines = 20): string {
  return fs.existsSync(file) ? tail(fs.readFileSync(file, 'utf8'), lines) : '(no log)';
}
