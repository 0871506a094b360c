import { setTimeout as sleep } from 'node:timers/promises';
import {
  recordStages,
  roundedStages,
  serverTimingHeader,
  timedStage,
} from '../../../../src/shared/stage-timings';

describe('stage timings', () => {
  it('records how long each stage of an invocation took, adding up a stage that runs twice', async () => {
    const { result, stages } = await recordStages(async () => {
      await timedStage('store', () => sleep(20));
      await timedStage('store', () => sleep(20));
      return timedStage('publish', async () => 'published');
    });

    expect(result).toBe('published');
    expect(Object.keys(stages)).toEqual(['store', 'publish']);
    expect(stages.store).toBeGreaterThanOrEqual(35);
  });

  it('keeps the stages of invocations that run at the same time apart', async () => {
    const invocation = (stage: string) => recordStages(() => timedStage(stage, () => sleep(5)));

    const [first, second] = await Promise.all([invocation('user'), invocation('mark')]);

    expect(Object.keys(first.stages)).toEqual(['user']);
    expect(Object.keys(second.stages)).toEqual(['mark']);
  });

  it('times a stage that fails, and lets the failure through', async () => {
    const failing = recordStages(() => timedStage('user', () => Promise.reject(new Error('down'))));

    await expect(failing).rejects.toThrow('down');
  });

  it('only runs the work when nothing is being recorded', async () => {
    await expect(timedStage('user', async () => 42)).resolves.toBe(42);
  });

  it('writes the Server-Timing header and the log fields', () => {
    const stages = { user: 3.14159, total: 12.04 };

    expect(serverTimingHeader(stages)).toBe('user;dur=3.1, total;dur=12.0');
    expect(roundedStages(stages)).toEqual({ user: 3.1, total: 12 });
  });
});
