/**
 * `npm run dev [-- <serverless offline options>]`: the whole system on this machine. Brings up the local
 * broker and AWS emulator (reusing whatever already answers), provisions them, runs `serverless offline
 * start` with the Kafka event sources, and prints where to look. Ctrl-C stops offline, then only what this
 * command started. Extra arguments go to serverless offline (e.g. `--httpPort 3300 --lambdaPort 3302`).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from './command-line';
import { AWS_ENDPOINT_URL, LOCAL, localEnv, ROOT } from './infra/local';
import { down, up } from './infra/manager';
import { resolvedServerlessConfig } from './infra/topology';

const SLS = path.join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
/** The Kafka plugin's last line of start-up: offline is listening and the consumers are starting. */
const READY = /kafka (\d+ event sources? started|no msk or kafka events)/;
const STOP_GRACE_MS = 30_000;

const log = (line: string) => console.log(`[dev] ${line}`);

async function main(args: string[]): Promise<number> {
  const startedAt = Date.now();
  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": do not wait for in-flight batches.
    if (stopping) return void child?.kill('SIGKILL');
    stopping = true;
    log(`${signal}: stopping (in-flight batches finish and commit)`);
    child?.kill('SIGINT');
    setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  log('bringing up the local infrastructure (whatever already runs is reused)');
  const { started } = await up(log);
  const code = stopping
    ? 0
    : await runOffline(
        args,
        startedAt,
        (c) => (child = c),
        () => stopping,
      );
  if (started.length > 0) {
    log(`stopping what this command started: ${started.join(', ')}`);
    await down({ only: started, log });
  } else {
    log('the local infrastructure was running before: left running');
  }
  return code;
}

/** Runs serverless offline until it exits, relaying its output and announcing when it is ready. */
async function runOffline(
  args: string[],
  startedAt: number,
  onSpawn: (child: ChildProcess) => void,
  stopping: () => boolean,
): Promise<number> {
  log('starting serverless offline');
  const child = spawn(process.execPath, [SLS, 'offline', 'start', '--stage', LOCAL.stage, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...localEnv(), ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onSpawn(child);
  let seen = '';
  let announced = false;
  const relay = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
    out.write(chunk);
    if (announced) return;
    seen = (seen + stripAnsi(chunk.toString('utf8'))).slice(-10_000);
    if (READY.test(seen)) {
      announced = true;
      console.log(banner(args, Date.now() - startedAt));
    }
  };
  child.stdout.on('data', relay(process.stdout));
  child.stderr.on('data', relay(process.stderr));
  const code = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      log(`could not start serverless offline: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (!stopping()) log(`serverless offline exited with code ${code}`);
  return code;
}

function banner(args: string[], elapsedMs: number): string {
  const offline = (
    resolvedServerlessConfig(LOCAL.stage) as { custom?: Record<string, { httpPort?: number }> }
  ).custom?.['serverless-offline'];
  const httpPort = offlineHttpPort(args) ?? offline?.httpPort ?? 3000;
  return [
    '',
    `[dev] ready in ${(elapsedMs / 1000).toFixed(1)} s`,
    `  API         http://localhost:${httpPort}   (its routes are listed above)`,
    `  Emails      npm run emails           what the local SES on ${AWS_ENDPOINT_URL} captured`,
    '  Kafka lag   npm run lag              end, committed offset and lag of order-events per group',
    '  DLQ         npm run dlq              dead letters on order-events.dlq; npm run dlq:replay puts them back',
    '  Stop        Ctrl-C                   stops offline, then only what this command started',
    '  Handlers are rebuilt and reloaded when you save them.',
    '',
  ].join('\n');
}

/**
 * The `--httpPort` given to serverless offline, as `--httpPort 3300` or `--httpPort=3300`. Not strict:
 * every other argument is offline's, and offline checks them.
 */
export function offlineHttpPort(args: string[]): string | undefined {
  const { values } = parseArgs({ args, options: { httpPort: { type: 'string' } }, strict: false });
  return typeof values.httpPort === 'string' ? values.httpPort : undefined;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

if (require.main === module) runMain('dev', main);
