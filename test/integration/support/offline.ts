import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';
import { eventually } from './wait';

/** The Serverless CLI's own entry: signals must reach the node process that runs it, not a wrapper. */
export const SLS = path.join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

export interface RunningProcess {
  child: ChildProcess;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the match once the output matches `pattern` (counting from `after` characters). */
  waitFor(pattern: RegExp, options?: { timeoutMs?: number; after?: number }): Promise<RegExpMatchArray>;
  /** SIGINT, as Ctrl-C would; SIGKILL if it has not exited after the grace period. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    output: () => output,
    waitFor: (pattern, { timeoutMs = 30_000, after = 0 } = {}) =>
      eventually(
        `${pattern} in the output of ${path.basename(args[0] ?? command)}:\n${output.slice(-3000)}`,
        async () => {
          if (child.exitCode !== null)
            throw new Error(`the process exited (${child.exitCode}):\n${output.slice(-3000)}`);
          return output.slice(after).match(pattern) ?? undefined;
        },
        { timeoutMs, intervalMs: 50 },
      ),
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const FIXTURE_PROJECT = path.join(ROOT, 'test', 'fixtures', 'offline-kafka-project');

/** `serverless offline start` of the fixture project on its own ports, configured through the environment. */
export function startFixtureOffline(
  ports: { http: number; lambda: number },
  env: NodeJS.ProcessEnv,
): RunningProcess {
  return startProcess(
    process.execPath,
    [SLS, 'offline', 'start', '--httpPort', String(ports.http), '--lambdaPort', String(ports.lambda)],
    { cwd: FIXTURE_PROJECT, env },
  );
}

export interface Invocation {
  instance: string;
  failed: boolean;
  event: {
    eventSource: string;
    eventSourceArn?: string;
    bootstrapServers: string;
    records: Record<
      string,
      Array<{
        topic: string;
        partition: number;
        offset: number;
        timestamp: number;
        timestampType: string;
        key?: string;
        value?: string;
        headers: Array<Record<string, number[]>>;
      }>
    >;
  };
}

/** A fresh folder the fixture handler writes its invocations to, and readers for what it wrote. */
export function recordDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-kafka-'));
  const file = path.join(dir, 'invocations.jsonl');
  const invocations = (): Invocation[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Invocation)
      : [];
  return {
    dir,
    invocations,
    /** How often each `<partition>:<offset>` was handed to a handler that succeeded. */
    processedCounts: () => {
      const counts = new Map<string, number>();
      for (const invocation of invocations().filter((i) => !i.failed)) {
        for (const record of Object.values(invocation.event.records).flat()) {
          const id = `${record.partition}:${record.offset}`;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
      return counts;
    },
    fail: (on: boolean) =>
      on ? fs.writeFileSync(path.join(dir, 'fail'), '') : fs.rmSync(path.join(dir, 'fail'), { force: true }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
