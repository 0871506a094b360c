import type { DeliveryControl } from '../../../../plugins/serverless-offline-kafka/src/delivery';
import type { SourceRecord } from '../../../../plugins/serverless-offline-kafka/src/event';
import { Scheduler, type SchedulerOptions } from '../../../../plugins/serverless-offline-kafka/src/scheduler';
import { id, records } from './support';

interface Batch {
  records: string[];
  control: DeliveryControl;
  /** Settles the named records (all when none are named) and ends the delivery. */
  finish(only?: string[]): void;
}

function harness(overrides: Partial<SchedulerOptions> = {}) {
  const batches: Batch[] = [];
  const commits: string[] = [];
  const calls: string[] = [];
  const errors: string[] = [];
  const scheduler = new Scheduler({
    batchSize: 10,
    batchingWindowMs: 500,
    maxBytes: 1_000_000,
    deliver: (batch: readonly SourceRecord[], control) =>
      new Promise<void>((resolve) => {
        batches.push({
          records: batch.map(id),
          control,
          finish: (only) => {
            control.settle(batch.filter((r) => only === undefined || only.includes(id(r))));
            resolve();
          },
        });
      }),
    commit: async ({ topic, partition }, offset) => void commits.push(`${topic}-${partition}@${offset}`),
    pause: ({ partition }) => void calls.push(`pause ${partition}`),
    resume: ({ partition }) => void calls.push(`resume ${partition}`),
    rewind: ({ partition }, offset) => void calls.push(`rewind ${partition} to ${offset}`),
    log: { error: (line) => void errors.push(line) },
    ...overrides,
  });
  return { scheduler, batches, commits, calls, errors };
}

const settle = () => jest.advanceTimersByTimeAsync(0);

describe('Scheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('waits the batching window for records of several partitions and invokes them together', async () => {
    const { scheduler, batches } = harness();

    scheduler.enqueue('orders', 0, records(0, [1, 2]));
    await jest.advanceTimersByTimeAsync(300);
    scheduler.enqueue('orders', 2, records(2, [7]));
    await jest.advanceTimersByTimeAsync(199);
    expect(batches).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);

    expect(batches.map((b) => b.records)).toEqual([['orders-0@1', 'orders-0@2', 'orders-2@7']]);
  });

  it('with a window of 0 invokes on the next turn, with what arrived in this one', async () => {
    const { scheduler, batches } = harness({ batchingWindowMs: 0 });

    scheduler.enqueue('orders', 0, records(0, [1]));
    scheduler.enqueue('orders', 1, records(1, [5]));
    expect(batches).toHaveLength(0);
    await settle();

    expect(batches.map((b) => b.records)).toEqual([['orders-0@1', 'orders-1@5']]);
  });

  it('invokes at once when the batch is full, and keeps the rest for the next batch', async () => {
    const { scheduler, batches } = harness({ batchSize: 3 });

    scheduler.enqueue('orders', 0, records(0, [1, 2, 3, 4]));
    await settle();

    expect(batches.map((b) => b.records)).toEqual([['orders-0@1', 'orders-0@2', 'orders-0@3']]);
  });

  it('runs one batch per partition at a time, and batches of other partitions at the same time', async () => {
    const { scheduler, batches } = harness({ batchingWindowMs: 0 });

    scheduler.enqueue('orders', 0, records(0, [1]));
    await settle();
    scheduler.enqueue('orders', 0, records(0, [2]));
    scheduler.enqueue('orders', 1, records(1, [9]));
    await settle();

    expect(batches.map((b) => b.records)).toEqual([['orders-0@1'], ['orders-1@9']]);
    batches[0]!.finish();
    await settle();
    expect(batches.map((b) => b.records)).toEqual([['orders-0@1'], ['orders-1@9'], ['orders-0@2']]);
  });

  it('keeps every other partition moving while one partition’s batch is stuck', async () => {
    const { scheduler, batches, commits } = harness({ batchingWindowMs: 0 });
    scheduler.enqueue('orders', 0, records(0, [1]));
    await settle();

    for (let round = 0; round < 3; round++) {
      scheduler.enqueue('orders', 1, records(1, [round]));
      scheduler.enqueue('orders', 2, records(2, [round]));
      await settle();
      batches.at(-1)!.finish();
      await settle();
    }

    expect(batches[0]!.records).toEqual(['orders-0@1']);
    expect(commits).toEqual([
      'orders-1@1',
      'orders-2@1',
      'orders-1@2',
      'orders-2@2',
      'orders-1@3',
      'orders-2@3',
    ]);
  });

  it('commits each partition as soon as a prefix of its records is settled, and frees it for the next batch', async () => {
    const { scheduler, batches, commits } = harness({ batchingWindowMs: 0 });
    scheduler.enqueue('orders', 0, records(0, [1, 2, 3]));
    scheduler.enqueue('orders', 1, records(1, [5]));
    await settle();
    const batch = batches[0]!;

    batch.control.settle(records(1, [5]));
    batch.control.settle(records(0, [1]).concat(records(0, [3])));
    await settle();
    expect(commits).toEqual(['orders-1@6', 'orders-0@2']);

    scheduler.enqueue('orders', 1, records(1, [6]));
    await settle();
    expect(batches.map((b) => b.records)).toContainEqual(['orders-1@6']);

    batch.finish(['orders-0@2']);
    await settle();
    expect(commits).toEqual(['orders-1@6', 'orders-0@2', 'orders-0@4']);
  });

  it('pauses a partition whose records pile up and resumes it once they are taken', async () => {
    const { scheduler, batches, calls } = harness({ batchSize: 2, batchingWindowMs: 0 });
    scheduler.enqueue('orders', 0, records(0, [1]));
    await settle();

    scheduler.enqueue('orders', 0, records(0, [2, 3, 4, 5]));
    expect(calls).toEqual(['pause 0']);
    batches[0]!.finish();
    await settle();

    expect(batches.map((b) => b.records)).toEqual([['orders-0@1'], ['orders-0@2', 'orders-0@3']]);
    expect(calls).toEqual(['pause 0', 'resume 0']);
  });

  it('on a rebalance drops what waits, stops batches in flight from retrying and commits only partitions still owned', async () => {
    const { scheduler, batches, commits } = harness({ batchingWindowMs: 0 });
    scheduler.enqueue('orders', 0, records(0, [1]));
    scheduler.enqueue('orders', 1, records(1, [1]));
    await settle();
    scheduler.enqueue('orders', 0, records(0, [2]));

    scheduler.assigned([{ topic: 'orders', partition: 0 }]);
    expect(batches[0]!.control.cancelled).toBe(true);
    batches[0]!.finish();
    await settle();

    expect(commits).toEqual(['orders-0@2']);
    expect(batches).toHaveLength(1);
  });

  it('reads again from the first unsettled record when a delivery fails unexpectedly', async () => {
    const { scheduler, calls, errors } = harness({
      batchingWindowMs: 0,
      deliver: async (batch, control) => {
        control.settle(batch.slice(0, 1));
        throw new Error('bug');
      },
    });

    scheduler.enqueue('orders', 0, records(0, [1, 2, 3]));
    await settle();
    await settle();

    expect(calls).toEqual(['rewind 0 to 2']);
    expect(errors[0]).toMatch(/^delivery failed unexpectedly: Error: bug/);
  });

  it('on stop gives up what waits, cancels retries and waits for invocations in flight', async () => {
    const { scheduler, batches, commits } = harness({ batchingWindowMs: 0 });
    scheduler.enqueue('orders', 0, records(0, [1]));
    await settle();
    scheduler.enqueue('orders', 1, records(1, [1]));

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await settle();
    expect(batches[0]!.control.cancelled).toBe(true);
    expect(stopped).toBe(false);
    batches[0]!.finish();
    await stopping;

    expect(commits).toEqual(['orders-0@2']);
    expect(batches).toHaveLength(1);
  });
});
