import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  processActivity,
  startDeadlineMs,
  waitForStart,
  type StartWait,
} from '../../../../scripts/infra/readiness';

/** A daemon start driven by a fake clock: `answersAt` and `activityUntil` are in fake milliseconds. */
function fakeStart(opts: {
  answersAt?: number;
  exitsAt?: number;
  /** The process uses CPU until this time, then nothing. */
  activityUntil?: number;
  patienceMs?: number;
  deadlineMs?: number;
}) {
  let now = 0;
  const lines: string[] = [];
  const wait: StartWait = {
    what: 'Emulator',
    answers: async () => opts.answersAt !== undefined && now >= opts.answersAt,
    pid: 4242,
    logFile: path.join(os.tmpdir(), 'no-such-daemon.log'),
    log: (line) => lines.push(line),
    patienceMs: opts.patienceMs ?? 30_000,
    deadlineMs: opts.deadlineMs ?? 300_000,
    stallMs: 15_000,
    progressEveryMs: 5000,
    intervalMs: 1000,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    },
    alive: () => opts.exitsAt === undefined || now < opts.exitsAt,
    activity: () => String(Math.min(now, opts.activityUntil ?? Infinity)),
    load: () => 'load 7.5 on 2 cores',
  };
  return { wait, lines, now: () => now };
}

describe('waitForStart', () => {
  it('waits past its patience for a slow start that keeps working, saying so every few seconds', async () => {
    const { wait, lines } = fakeStart({ answersAt: 95_000 });

    const took = await waitForStart(wait);

    expect(took).toBe(95_000);
    expect(lines).toHaveLength(18);
    expect(lines[0]).toBe(
      'Emulator not answering yet after 5 s: process 4242 is working (load 7.5 on 2 cores); still waiting',
    );
  });

  it('gives up on a process that does nothing once its patience is spent', async () => {
    const { wait, now } = fakeStart({ activityUntil: 2000 });

    await expect(waitForStart(wait)).rejects.toThrow(
      /^Emulator did not start: after 30 s it still does not answer and has done nothing \(no CPU time, no log\) for 28 s; its log \(.*\) ends:\n\(no log\)$/,
    );
    expect(now()).toBe(30_000);
  });

  it('reports an exited process at once, with its log', async () => {
    const { wait, now } = fakeStart({ exitsAt: 3000 });

    await expect(waitForStart(wait)).rejects.toThrow(/^Emulator did not start: the process exited; its log/);
    expect(now()).toBe(3000);
  });

  it('stops at the hard deadline and says how to wait longer', async () => {
    const { wait } = fakeStart({ deadlineMs: 60_000 });

    await expect(waitForStart(wait)).rejects.toThrow(
      'Emulator did not start within 60 s although it is still working (load 7.5 on 2 cores); on a busy machine set INFRA_START_TIMEOUT=<seconds> to wait longer',
    );
  });
});

describe('startDeadlineMs', () => {
  it('takes INFRA_START_TIMEOUT in seconds, or the default', () => {
    expect(startDeadlineMs({ INFRA_START_TIMEOUT: '600' })).toBe(600_000);
    expect(startDeadlineMs({}, 1234)).toBe(1234);
  });

  it('names the variable when it is not a number of seconds', () => {
    expect(() => startDeadlineMs({ INFRA_START_TIMEOUT: 'ten' })).toThrow(
      'INFRA_START_TIMEOUT must be a number of seconds, not "ten"',
    );
  });
});

describe('processActivity', () => {
  it('changes when the process writes to its log', () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'activity-')), 'daemon.log');
    fs.writeFileSync(log, 'starting\n');
    const before = processActivity(process.pid, log);

    fs.appendFileSync(log, 'still starting\n');

    expect(processActivity(process.pid, log)).not.toBe(before);
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  });

  it('is undefined for a process that does not exist', () => {
    expect(processActivity(2 ** 22 + 1, '/nonexistent.log')).toBeUndefined();
  });
});
