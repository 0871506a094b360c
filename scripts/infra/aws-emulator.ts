import path from 'node:path';
import { AWS_ENDPOINT_URL, LOCAL, LOCAL_DIR, ROOT, STATE_DIR } from './local';
import { readPid, startDaemon, stopDaemon, toolOutput } from './processes';
import { ensurePinnedTool } from './python-venv';
import { waitForStart } from './readiness';

/** MiniStack, a LocalStack-compatible AWS emulator, installed into a project-local virtualenv. */
export const MINISTACK_VERSION = '1.5.33';
/**
 * The ASGI server the launcher serves MiniStack's app with, instead of the Hypercorn its own command uses:
 * uvicorn with its C HTTP parser and libuv event loop answers an emulator call in about half the time and
 * CPU, which is most of an order's path to its email here (see infra/ministack/launch.py).
 */
export const MINISTACK_SERVER = ['uvicorn==0.54.0', 'httptools==0.9.0', 'uvloop==0.23.0'];
const DIR = path.join(STATE_DIR, 'ministack');
const VENV = path.join(LOCAL_DIR, 'venv');
const PYTHON = path.join(VENV, 'bin', 'python');
/** Starts MiniStack with its captured emails added to what it persists (see the file). */
const LAUNCHER = path.join(ROOT, 'infra', 'ministack', 'launch.py');
const PID_FILE = path.join(DIR, 'ministack.pid');
export const MINISTACK_LOG = path.join(DIR, 'ministack.log');
/**
 * Tables, their items and the captured emails, saved by MiniStack when it stops cleanly and loaded when it
 * starts, so that the emulator remembers what Kafka remembers (`npm run infra:reset` wipes both).
 */
export const MINISTACK_STATE_DIR = path.join(DIR, 'state');
/** Saving the state happens on the way out: time enough for it before the stop turns into a kill. */
const STOP_GRACE_MS = 30_000;

export type Emulator = { kind: 'ministack' | 'localstack'; version: string };

/** Which emulator answers on the endpoint, or undefined when none does. */
export async function emulatorAnswers(endpoint = AWS_ENDPOINT_URL): Promise<Emulator | undefined> {
  try {
    const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    const health = (await response.json()) as { edition?: string; version?: string; services?: unknown };
    if (typeof health.services !== 'object') return undefined;
    const ministack = await fetch(`${endpoint}/_ministack/health`, { signal: AbortSignal.timeout(2000) });
    return { kind: ministack.ok ? 'ministack' : 'localstack', version: health.version ?? 'unknown' };
  } catch {
    return undefined;
  }
}

export function pythonMissing(): string | undefined {
  const version = toolOutput('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
  if (version === undefined) return 'Python 3.10 or newer is not installed (python3 not on PATH)';
  const [major, minor] = version.trim().split('.').map(Number);
  if (major !== 3 || minor! < 10) return `MiniStack needs Python 3.10 or newer; python3 is ${version.trim()}`;
  return undefined;
}

/** Creates the venv and installs the pinned MiniStack the first time, or when the pin changes. */
export function installMinistack(log: (line: string) => void): void {
  ensurePinnedTool(
    { venv: VENV, name: 'ministack', version: MINISTACK_VERSION, with: MINISTACK_SERVER },
    log,
  );
}

export function ministackPid(): number | undefined {
  return readPid(PID_FILE);
}

export async function startMinistack(log: (line: string) => void): Promise<void> {
  log(`starting MiniStack on ${AWS_ENDPOINT_URL} (state in ${path.relative(ROOT, MINISTACK_STATE_DIR)})`);
  const pid = startDaemon({
    name: 'MiniStack',
    command: PYTHON,
    args: [LAUNCHER],
    env: {
      GATEWAY_PORT: String(LOCAL.awsPort),
      // Loopback only: the default would listen on every interface.
      BIND_HOST: LOCAL.awsHost,
      PERSIST_STATE: '1',
      STATE_DIR: MINISTACK_STATE_DIR,
      // Its pid file goes to the temporary folder, named by port only: keep it ours.
      TMPDIR: DIR,
    },
    logFile: MINISTACK_LOG,
    pidFile: PID_FILE,
  });
  const tookMs = await waitForStart({
    what: 'MiniStack',
    answers: async () => (await emulatorAnswers()) !== undefined,
    pid,
    logFile: MINISTACK_LOG,
    log,
    // It answers in about a second on an idle machine; loading a large saved state takes longer.
    patienceMs: 30_000,
  });
  if (tookMs > 10_000) log(`MiniStack answered after ${(tookMs / 1000).toFixed(0)} s`);
}

/**
 * SIGTERM lets MiniStack save its state; 'killed' means it did not finish within the grace period and
 * what changed since it started is lost.
 */
export async function stopMinistack(): Promise<'stopped' | 'killed' | undefined> {
  return stopDaemon(PID_FILE, STOP_GRACE_MS);
}
