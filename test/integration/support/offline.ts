import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { frameworkNaming } from '../../../plugins/serverless-offline-kafka/src/config';
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

/**
 * `serverless offline start` of a copy of serverless.yml (`isolatedConfig`) on ports of its own, so it runs
 * beside `npm run dev` and the other suites; `args` adds options (e.g. `--useInProcess`).
 */
export function startServiceOffline(
  config: string,
  ports: { http: number; lambda: number },
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): RunningProcess {
  const args = ['offline', 'start', '--config', config, '--stage', 'local'];
  args.push('--httpPort', String(ports.http), '--lambdaPort', String(ports.lambda), ...(options.args ?? []));
  return startProcess(process.execPath, [SLS, ...args], { cwd: ROOT, env: options.env });
}

export const FIXTURE_PROJECT = path.join(ROOT, 'test', 'fixtures', 'offline-kafka-project');

/**
 * `serverless offline start` of the fixture project on its own ports, configured through the environment.
 * `mapping` adds properties to recordMsk's event source mapping through resources.extensions, as a service
 * does for AWS: the plugin reads them from there. The copy of serverless.yml this writes is removed on stop.
 */
export function startFixtureOffline(
  ports: { http: number; lambda: number },
  env: NodeJS.ProcessEnv,
  { mapping }: { mapping?: Record<string, unknown> } = {},
): RunningProcess {
  const args = ['offline', 'start', '--httpPort', String(ports.http), '--lambdaPort', String(ports.lambda)];
  const config = mapping ? fixtureConfig(env.MSK_TOPIC ?? 'unused', mapping) : undefined;
  if (config) args.push('--config', path.basename(config));
  const running = startProcess(process.execPath, [SLS, ...args], { cwd: FIXTURE_PROJECT, env });
  return {
    ...running,
    stop: async (graceMs) => {
      try {
        return await running.stop(graceMs);
      } finally {
        if (config) fs.rmSync(config, { force: true });
      }
    },
  };
}

/** The fixture's ARN names cluster `fixture`: the framework's id for recordMsk's mapping of `topic`. */
export function recordMskMappingId(topic: string): string {
  return frameworkNaming.getMSKEventLogicalId('recordMsk', 'fixture', topic);
}

/** A copy of the fixture's serverless.yml whose recordMsk mapping has these extra properties. */
export function fixtureConfig(topic: string, properties: Record<string, unknown>): string {
  const config = parse(fs.readFileSync(path.join(FIXTURE_PROJECT, 'serverless.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  config.resources = { extensions: { [recordMskMappingId(topic)]: { Properties: properties } } };
  const file = path.join(FIXTURE_PROJECT, `serverless.test-${randomUUID().slice(0, 8)}.yml`);
  fs.writeFileSync(file, stringify(config));
  return file;
}

export interface Invocation {
  instance: string;
  failed: boolean;
  /** `<partition>:<offset>` of the records the handler reported back as failed. */
  reported: string[];
  stalled: number[];
  startedAt: number;
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
    /** How often each `<partition>:<offset>` was handed to a handler that succeeded and did not report it. */
    processedCounts: () => {
      const counts = new Map<string, number>();
      for (const invocation of invocations().filter((i) => !i.failed)) {
        for (const record of Object.values(invocation.event.records).flat()) {
          const id = `${record.partition}:${record.offset}`;
          if (invocation.reported.includes(id)) continue;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
      return counts;
    },
    fail: (on: boolean) =>
      on ? fs.writeFileSync(path.join(dir, 'fail'), '') : fs.rmSync(path.join(dir, 'fail'), { force: true }),
    /** Records (`<topic>-<partition>@<offset>`) the handler reports back as failed; [] to stop. */
    failRecords: (records: string[]) =>
      fs.writeFileSync(path.join(dir, 'fail-records'), JSON.stringify(records)),
    /** While on, an invocation holding records of the partition waits. */
    stall: (partition: number, on: boolean) =>
      on
        ? fs.writeFileSync(path.join(dir, `stall-${partition}`), '')
        : fs.rmSync(path.join(dir, `stall-${partition}`), { force: true }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
