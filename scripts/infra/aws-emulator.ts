import path from 'node:path';
import { AWS_ENDPOINT_URL, LOCAL, LOCAL_DIR } from './local';
import { isAlive, readPid, startDaemon, stopDaemon, tailFile, toolOutput, waitUntil } from './processes';
import { ensurePinnedTool } from './python-venv';

/** MiniStack, a LocalStack-compatible AWS emulator, installed into a project-local virtualenv. */
export const MINISTACK_VERSION = '1.5.33';
const DIR = path.join(LOCAL_DIR, 'ministack');
const VENV = path.join(LOCAL_DIR, 'venv');
const BIN = path.join(VENV, 'bin', 'ministack');
const PID_FILE = path.join(DIR, 'ministack.pid');
export const MINISTACK_LOG = path.join(DIR, 'ministack.log');

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
  ensurePinnedTool({ venv: VENV, name: 'ministack', version: MINISTACK_VERSION }, log);
}

export function ministackPid(): number | undefined {
  return readPid(PID_FILE);
}

export async function startMinistack(log: (line: string) => void): Promise<void> {
  log(`starting MiniStack on ${AWS_ENDPOINT_URL}`);
  const pid = startDaemon({
    name: 'MiniStack',
    command: BIN,
    args: [],
    // Loopback only: the default would listen on every interface.
    env: { GATEWAY_PORT: String(LOCAL.awsPort), BIND_HOST: LOCAL.awsHost },
    logFile: MINISTACK_LOG,
    pidFile: PID_FILE,
  });
  await waitUntil('MiniStack did not start', async () => (await emulatorAnswers()) !== undefined, {
    timeoutMs: 30_000,
    gaveUp: () =>
      isAlive(pid) ? undefined : `the process exited; its log says:\n${tailFile(MINISTACK_LOG)}`,
  });
}

export async function stopMinistack(): Promise<boolean> {
  return stopDaemon(PID_FILE, 10_000);
}
