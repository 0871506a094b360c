import type { ScheduleSpec } from '../../../../plugins/serverless-offline-schedule/src/config';
import type { InvokeResult } from '../../../../plugins/serverless-offline-schedule/src/invoker';
import { LocalSchedule } from '../../../../plugins/serverless-offline-schedule/src/schedule';

const spec: ScheduleSpec = {
  functionKey: 'sweep',
  functionName: 'shop-local-sweep',
  expression: 'rate(1 minute)',
  localExpression: 'rate(5 seconds)',
  periodMs: 5000,
  input: undefined,
  ruleName: 'shop-local-sweep-rule-1',
  invocationTimeoutMs: 55_000,
};

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-01-20T10:30:00.000Z') }));
afterEach(() => jest.useRealTimers());

function setup(answer: (call: number) => Promise<InvokeResult>) {
  const calls: Array<{ name: string; event: Record<string, unknown>; at: number }> = [];
  const lines: string[] = [];
  const schedule = new LocalSchedule(spec, {
    region: 'eu-west-1',
    log: { notice: (l) => lines.push(l), warning: (l) => lines.push(`warning: ${l}`) },
    invoke: async (name, event) => {
      calls.push({ name, event: event as Record<string, unknown>, at: Date.now() });
      return answer(calls.length);
    },
  });
  return { schedule, calls, lines };
}

describe('LocalSchedule', () => {
  it('invokes the function once per period, the first time one period after start, with a scheduled event', async () => {
    const { schedule, calls, lines } = setup(async () => ({ ok: true }));

    schedule.start();
    await jest.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(10_001);
    await schedule.stop();

    expect(calls.map((c) => c.at - Date.parse('2026-01-20T10:30:00.000Z'))).toEqual([5000, 10_000, 15_000]);
    expect(calls[0]).toEqual({
      name: 'shop-local-sweep',
      at: expect.any(Number),
      event: {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: '2026-01-20T10:30:05Z',
        region: 'eu-west-1',
        resources: ['arn:aws:events:eu-west-1:000000000000:rule/shop-local-sweep-rule-1'],
        detail: {},
      },
    });
    expect(lines).toEqual(['sweep 0 ms ok', 'sweep 0 ms ok', 'sweep 0 ms ok']);
  });

  it('says when a run failed, and runs again at the next period', async () => {
    const { schedule, calls, lines } = setup(async (call) =>
      call === 1 ? { ok: false, message: 'Error: store down' } : { ok: true },
    );

    schedule.start();
    await jest.advanceTimersByTimeAsync(10_000);
    await schedule.stop();

    expect(calls).toHaveLength(2);
    expect(lines).toEqual(['warning: sweep 0 ms failed (Error: store down)', 'sweep 0 ms ok']);
  });

  it('never overlaps runs: a run longer than the period delays the next and says what was skipped', async () => {
    const { schedule, calls, lines } = setup(async (call) => {
      if (call === 1) await new Promise((resolve) => setTimeout(resolve, 12_000));
      return { ok: true };
    });

    schedule.start();
    await jest.advanceTimersByTimeAsync(20_000);
    await schedule.stop();

    expect(calls.map((c) => c.at - Date.parse('2026-01-20T10:30:00.000Z'))).toEqual([5000, 20_000]);
    expect(lines.slice(0, 2)).toEqual([
      'sweep 12000 ms ok',
      'sweep: the run outlasted the period, 2 starts skipped',
    ]);
  });

  it('on stop, lets the run in flight finish and starts no other', async () => {
    let finish!: () => void;
    const { schedule, calls, lines } = setup(
      () => new Promise<InvokeResult>((resolve) => (finish = () => resolve({ ok: true }))),
    );
    schedule.start();
    await jest.advanceTimersByTimeAsync(5000);

    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(1000);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(30_000);

    expect(calls).toHaveLength(1);
    expect(lines).toEqual(['sweep 1000 ms ok']);
  });
});
