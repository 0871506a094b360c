import {
  Batcher,
  chunksOf,
  type DeliverBatch,
} from '../../../../plugins/serverless-offline-kafka/src/batcher';
import { chunk, record } from './support';

function batcher(deliver: DeliverBatch, overrides: Partial<ConstructorParameters<typeof Batcher>[0]> = {}) {
  return new Batcher({
    batchSize: 10,
    batchingWindowMs: 500,
    maxBytes: 1_000_000,
    heartbeatIntervalMs: 100,
    deliver,
    ...overrides,
  });
}

const partitionsOf = (deliver: jest.Mock) =>
  deliver.mock.calls.map(([chunks]) => (chunks as Array<{ partition: number }>).map((c) => c.partition));

describe('Batcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gathers the partitions that arrive within the batching window into one invocation', async () => {
    const deliver = jest
      .fn<ReturnType<DeliverBatch>, Parameters<DeliverBatch>>()
      .mockResolvedValue('processed');
    const b = batcher(deliver);

    const outcomes = Promise.all([b.submit(chunk(0, [1, 2])), b.submit(chunk(2, [7]))]);
    await jest.advanceTimersByTimeAsync(499);
    expect(deliver).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);

    expect(await outcomes).toEqual([{ kind: 'processed' }, { kind: 'processed' }]);
    expect(partitionsOf(deliver)).toEqual([[0, 2]]);
  });

  it('does not wait for the window once the batch is full, and never exceeds the batch size', async () => {
    const deliver = jest
      .fn<ReturnType<DeliverBatch>, Parameters<DeliverBatch>>()
      .mockResolvedValue('processed');
    const b = batcher(deliver, { batchSize: 5 });

    const first = b.submit(chunk(0, [1, 2, 3]));
    const second = b.submit(chunk(1, [1, 2, 3]));
    await jest.advanceTimersByTimeAsync(0);

    await Promise.all([first, second]);
    expect(partitionsOf(deliver)).toEqual([[0], [1]]);
  });

  it('delivers one batch at a time', async () => {
    let finishFirst!: () => void;
    const deliver = jest
      .fn<ReturnType<DeliverBatch>, Parameters<DeliverBatch>>()
      .mockImplementationOnce(() => new Promise((resolve) => (finishFirst = () => resolve('processed'))))
      .mockResolvedValue('processed');
    const b = batcher(deliver, { batchingWindowMs: 0 });

    const first = b.submit(chunk(0, [1]));
    await jest.advanceTimersByTimeAsync(0);
    const second = b.submit(chunk(1, [1]));
    await jest.advanceTimersByTimeAsync(1000);
    expect(deliver).toHaveBeenCalledTimes(1);

    finishFirst();
    await Promise.all([first, second]);
    expect(partitionsOf(deliver)).toEqual([[0], [1]]);
  });

  it('abandons waiting chunks and cuts a retry pause short when stopped', async () => {
    let cancelledAfterPause: boolean | undefined;
    const deliver: DeliverBatch = async (_chunks, control) => {
      await control.pause(60_000);
      cancelledAfterPause = control.cancelled;
      return 'abandoned';
    };
    const b = batcher(deliver, { batchingWindowMs: 0 });

    const inFlight = b.submit(chunk(0, [1]));
    await jest.advanceTimersByTimeAsync(0);
    const waiting = b.submit(chunk(1, [1]));
    b.stop();

    expect(await inFlight).toEqual({ kind: 'abandoned' });
    expect(await waiting).toEqual({ kind: 'abandoned' });
    expect(cancelledAfterPause).toBe(true);
    expect(await b.submit(chunk(2, [1]))).toEqual({ kind: 'abandoned' });
  });

  it('gives the batch up when a heartbeat says the group is rebalancing, and takes work again after rejoining', async () => {
    const rebalancing = Object.assign(new Error('The group is rebalancing'), {
      type: 'REBALANCE_IN_PROGRESS',
    });
    const deliver = jest.fn<ReturnType<DeliverBatch>, Parameters<DeliverBatch>>(async (_chunks, control) => {
      await control.pause(60_000);
      return control.cancelled ? 'abandoned' : 'processed';
    });
    const b = batcher(deliver, { batchingWindowMs: 0 });

    const outcome = b.submit(chunk(0, [1], () => Promise.reject(rebalancing)));
    await jest.advanceTimersByTimeAsync(100);

    expect(await outcome).toEqual({ kind: 'abandoned', raise: rebalancing });
    expect(await b.submit(chunk(0, [1]))).toEqual({ kind: 'abandoned', raise: rebalancing });

    b.rejoined();
    deliver.mockResolvedValueOnce('processed');
    const again = b.submit(chunk(0, [1]));
    await jest.advanceTimersByTimeAsync(0);
    expect(await again).toEqual({ kind: 'processed' });
  });

  it('commits nothing when delivery itself throws', async () => {
    const bug = new Error('bug');
    const b = batcher(() => Promise.reject(bug), { batchingWindowMs: 0 });

    const outcome = b.submit(chunk(0, [1]));
    await jest.advanceTimersByTimeAsync(0);

    expect(await outcome).toEqual({ kind: 'abandoned', raise: bug });
  });
});

describe('chunksOf', () => {
  it('splits a partition into chunks of at most batchSize records, in order', () => {
    const records = [1, 2, 3, 4, 5].map((o) => record(0, o));

    const chunks = chunksOf(records, 2, 1_000_000);

    expect(chunks.map((c) => c.records.map((r) => r.message.offset))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5'],
    ]);
  });

  it('keeps a chunk under the payload limit, a single large record alone', () => {
    const small = record(0, 1);
    const large = record(0, 2, { blob: 'x'.repeat(5000) });

    const chunks = chunksOf([small, large, small], 100, 3000);

    expect(chunks.map((c) => c.records.length)).toEqual([1, 1, 1]);
    expect(chunks[1]!.bytes).toBeGreaterThan(3000);
  });
});
