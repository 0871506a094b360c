import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  isAlive,
  isPortOpen,
  readPid,
  run,
  startDaemon,
  stopDaemon,
  tail,
  tailFile,
  toolOutput,
  waitUntil,
} from '../../../../scripts/infra/processes';

/** Node itself stands in for the programs the scripts run (Java, Python, Maven): always there, no network. */
const NODE = process.execPath;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processes-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
const deadPid = () => spawnSync(NODE, ['-e', '']).pid!;

describe('run', () => {
  it("returns a command's output", () => {
    expect(run(NODE, ['-e', 'process.stdout.write("formatted")'])).toBe('formatted');
  });

  it('throws with the exit code and the last lines of its output when it fails', () => {
    const script =
      'for (let i = 1; i <= 30; i++) console.log("line " + i); console.error("boom"); process.exit(3)';

    expect(() => run(NODE, ['-e', script])).toThrow(/exited 3:\nline 12\n(.|\n)*line 30\nboom$/);
    expect(() => run(NODE, ['-e', script])).not.toThrow(/line 11\n/);
  });

  it('names a command that is not installed', () => {
    expect(() => run('no-such-tool-here', ['-v'])).toThrow(
      /^no-such-tool-here -v: spawnSync no-such-tool-here ENOENT/,
    );
  });
});

describe('toolOutput', () => {
  it('gives what a tool prints on both streams (java -version writes to stderr)', () => {
    expect(toolOutput(NODE, ['-e', 'console.log("out"); console.error("version \\"21.0.2\\"")'])).toBe(
      'out\nversion "21.0.2"\n',
    );
  });

  it('is undefined for a tool that is missing or fails', () => {
    expect(toolOutput('no-such-tool-here', ['-v'])).toBeUndefined();
    expect(toolOutput(NODE, ['-e', 'process.exit(1)'])).toBeUndefined();
  });
});

describe('pid files', () => {
  it('read the pid of a live process only', () => {
    const file = path.join(dir, 'x.pid');
    expect(readPid(file)).toBeUndefined();

    fs.writeFileSync(file, `${process.pid}\n`);
    expect(readPid(file)).toBe(process.pid);

    fs.writeFileSync(file, String(deadPid()));
    expect(readPid(file)).toBeUndefined();

    fs.writeFileSync(file, 'not a pid');
    expect(readPid(file)).toBeUndefined();
  });

  it('isAlive tells a running process from one that exited', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(deadPid())).toBe(false);
  });
});

describe('daemons', () => {
  const spec = (script: string) => ({
    name: 'test daemon',
    command: NODE,
    args: ['-e', script],
    env: { DAEMON_GREETING: 'ready' },
    logFile: path.join(dir, 'logs', 'daemon.log'),
    pidFile: path.join(dir, 'daemon.pid'),
  });
  const logSays = (file: string, text: string) => async () =>
    fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text);

  it('start detached with their output in the log and their pid in the pid file, and stop on SIGTERM', async () => {
    const daemon = spec('console.log(process.env.DAEMON_GREETING); setInterval(() => {}, 1000)');

    const pid = startDaemon(daemon);
    try {
      expect(readPid(daemon.pidFile)).toBe(pid);
      await waitUntil('daemon', logSays(daemon.logFile, 'ready'), { timeoutMs: 20_000, intervalMs: 20 });

      expect(await stopDaemon(daemon.pidFile)).toBe('stopped');
      expect(isAlive(pid)).toBe(false);
      expect(fs.existsSync(daemon.pidFile)).toBe(false);
      expect(await stopDaemon(daemon.pidFile)).toBeUndefined();
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('that ignore SIGTERM are killed after the grace period', async () => {
    const daemon = spec(
      'process.on("SIGTERM", () => console.log("ignored")); console.log("ready"); setInterval(() => {}, 1000)',
    );

    const pid = startDaemon(daemon);
    try {
      await waitUntil('daemon', logSays(daemon.logFile, 'ready'), { timeoutMs: 20_000, intervalMs: 20 });

      expect(await stopDaemon(daemon.pidFile, 300)).toBe('killed');
      expect(isAlive(pid)).toBe(false);
      expect(fs.readFileSync(daemon.logFile, 'utf8')).toContain('ignored');
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('that cannot be run say so', () => {
    expect(() => startDaemon({ ...spec(''), command: path.join(dir, 'missing') })).toThrow(
      'test daemon did not start: could not run',
    );
  });
});

describe('waitUntil', () => {
  it('returns once the check passes', async () => {
    let calls = 0;

    await waitUntil('x', async () => ++calls === 3, { timeoutMs: 5000, intervalMs: 1 });

    expect(calls).toBe(3);
  });

  it('gives up at once with the reason gaveUp gives', async () => {
    await expect(
      waitUntil('Kafka did not start', async () => false, {
        timeoutMs: 60_000,
        gaveUp: () => 'Kafka broker 2 exited',
      }),
    ).rejects.toThrow('Kafka did not start: Kafka broker 2 exited');
  });

  it('fails after the timeout, saying how long it waited', async () => {
    await expect(
      waitUntil('MiniStack did not start', async () => false, { timeoutMs: 50, intervalMs: 10 }),
    ).rejects.toThrow('MiniStack did not start: still not ready after 0.05 s');
  });
});

describe('tail', () => {
  it('keeps the last lines of a text or a file', () => {
    const file = path.join(dir, 'server.log');
    fs.writeFileSync(file, 'a\nb\nc\n\n');

    expect(tail('a\nb\nc\n', 2)).toBe('b\nc');
    expect(tailFile(file, 2)).toBe('b\nc');
    expect(tailFile(path.join(dir, 'none.log'))).toBe('(no log)');
  });
});

describe('isPortOpen', () => {
  it('tells a port something listens on from one nothing does', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await isPortOpen(port)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    expect(await isPortOpen(port)).toBe(false);
  });
});
