import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localEnv, LOCAL, ROOT } from '../infra/local';
import { replaceOnce, withOrderEventsTopic } from '../infra/service-config';

/** The Serverless CLI's own entry: signals must reach the node process that runs it, not a wrapper. */
const SLS = path.join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const STOP_GRACE_MS = 30_000;

export interface OfflineProcess {
  name: string;
  pid: number;
  api: string;
  /** Resident memory of the offline process (all its worker threads), in MB; undefined off Linux. */
  rssMb(): number | undefined;
  stop(): Promise<void>;
}

/**
 * `serverless offline start` as a child process on ports of its own, its output appended to `logFile`.
 * Resolves once `ready` appears in the output.
 */
export async function startOffline(options: {
  name: string;
  cwd: string;
  config?: string;
  httpPort: number;
  lambdaPort: number;
  env?: Record<string, string>;
  ready: RegExp;
  logFile: string;
  timeoutMs?: number;
}): Promise<OfflineProcess> {
  const args = [
    SLS,
    'offline',
    'start',
    '--stage',
    LOCAL.stage,
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    ...(options.config ? ['--config', options.config] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...localEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(options.logFile, { flags: 'a' });
  let tail = '';
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // Ctrl-C, as a user would: offline lets in-flight invocations finish and the consumers commit.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(() => resolve()));
    })());

  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  try {
    for (;;) {
      if (options.ready.test(stripAnsi(tail))) break;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${options.name} exited before it was ready:\n${tail.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 600_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: options.name,
    pid: child.pid!,
    api: `http://localhost:${options.httpPort}`,
    rssMb: () => rssMb(child.pid!),
    stop,
  };
}

export function rssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples a process's memory every `intervalMs` until stopped: the peak and the series. */
export function memorySampler(process: () => OfflineProcess | undefined, intervalMs = 500) {
  const startedAt = Date.now();
  const points: Array<[number, number]> = [];
  const timer = setInterval(() => {
    const mb = process()?.rssMb();
    if (mb !== undefined) points.push([(Date.now() - startedAt) / 1000, mb]);
  }, intervalMs);
  timer.unref();
  return {
    points,
    stop: () => clearInterval(timer),
    peakMb: () => (points.length ? Math.max(...points.map(([, mb]) => mb)) : undefined),
  };
}

/**
 * A copy of serverless.yml for the benchmark's own system: its own topic and consumer group (so a running
 * `npm run dev`, or what earlier runs left on order-events, never mixes with what is measured), its own
 * esbuild folder, user-service called on its own port, and optionally notify's event source switched off (notification-service not running).
 * Written next to serverless.yml, where its relative paths hold; the caller removes it.
 */
export function writeBenchConfig(options: {
  run: string;
  topic: string;
  group: string;
  notify: boolean;
  /** Where this copy serves its HTTP API: order-service calls user-service there. */
  httpPort: number;
}): string {
  let config = fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8');
  config = withOrderEventsTopic(config, options.topic, options.group);
  config = replaceOnce(
    config,
    /(\n {4}userServiceUrl: )http:\/\/localhost:3000\n/,
    `$1http://localhost:${options.httpPort}\n`,
  );
  config = replaceOnce(config, /(\n {4}esbuildWorkFolder: )\.esbuild\n/, '$1.local/bench/esbuild\n');
  if (!options.notify)
    config = replaceOnce(
      config,
      /(\n( +)consumerGroupId: \$\{self:custom\.consumerGroups\.notify\}\n)/,
      '$1$2enabled: false\n',
    );
  const file = `serverless.bench-${options.run}${options.notify ? '' : '-notify-off'}.yml`;
  fs.writeFileSync(path.join(ROOT, file), config);
  return file;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
