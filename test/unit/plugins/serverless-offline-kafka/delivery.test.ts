import type { DeliveryControl } from '../../../../plugins/serverless-offline-kafka/src/batcher';
import {
  createDelivery,
  describeChunks,
  type DeliveryDeps,
} from '../../../../plugins/serverless-offline-kafka/src/delivery';
import type { InvokeResult } from '../../../../plugins/serverless-offline-kafka/src/invoker';
import { chunk, record, spec } from './support';

const failure: InvokeResult = { ok: false, kind: 'function-error', message: 'Error: boom' };
const unavailable: InvokeResult = { ok: false, kind: 'unavailable', message: 'ECONNREFUSED' };

function control(cancelAfterPauses = Infinity): DeliveryControl & { pauses: number[] } {
  const pauses: number[] = [];
  return {
    pauses,
    get cancelled() {
      return pauses.length >= cancelAfterPauses;
    },
    pause: async (ms) => void pauses.push(ms),
  };
}

function deps(results: InvokeResult[], overrides: Partial<DeliveryDeps> = {}) {
  const lines: string[] = [];
  const invoke = jest.fn(async () => results.shift() ?? { ok: true as const });
  const publishFailed = jest.fn(async () => undefined);
  return {
    lines,
    invoke,
    publishFailed,
    deps: {
      invoke,
      publishFailed,
      log: { notice: (l: string) => lines.push(l), warning: (l: string) => lines.push(l) },
      bootstrapServers: 'localhost:9092',
      now: () => 0,
      random: () => 1,
      ...overrides,
    } satisfies DeliveryDeps,
  };
}

describe('createDelivery', () => {
  it('invokes the function once with the AWS event and logs one line', async () => {
    const { deps: d, invoke, lines } = deps([]);

    const result = await createDelivery(spec(), d)([chunk(0, [4, 5]), chunk(2, [9])], control());

    expect(result).toBe('processed');
    expect(invoke).toHaveBeenCalledTimes(1);
    const [functionName, event] = invoke.mock.calls[0] as unknown as [
      string,
      { records: Record<string, unknown[]> },
    ];
    expect(functionName).toBe('shop-local-notify');
    expect(Object.keys(event.records)).toEqual(['orders-0', 'orders-2']);
    expect(lines).toEqual(['notify orders-0[4..5] orders-2[9] 3 records 0 ms ok']);
  });

  it('retries the same batch with backoff until the function succeeds', async () => {
    const { deps: d, invoke, lines } = deps([failure, failure]);
    const c = control();

    const result = await createDelivery(spec(), d)([chunk(0, [1])], c);

    expect(result).toBe('processed');
    expect(invoke).toHaveBeenCalledTimes(3);
    expect(invoke.mock.calls[2]).toEqual(invoke.mock.calls[0]);
    expect(c.pauses).toEqual([100, 200]);
    expect(lines[lines.length - 1]).toMatch(/ok after 3 attempts$/);
  });

  it('abandons the batch, uncommitted, when cancelled between attempts', async () => {
    const { deps: d, invoke, lines } = deps([failure, failure, failure]);

    const result = await createDelivery(spec(), d)([chunk(0, [1])], control(1));

    expect(result).toBe('abandoned');
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(lines[lines.length - 1]).toMatch(/abandoned, not committed/);
  });

  it('skips the invocation when no record matches the filter patterns, and commits past them', async () => {
    const { deps: d, invoke } = deps([]);
    const filtered = spec({ filterPatterns: [{ value: { eventType: ['OrderCreated'] } }] });

    expect(await createDelivery(filtered, d)([chunk(0, [1, 2])], control())).toBe('processed');
    expect(invoke).not.toHaveBeenCalled();
  });

  it('invokes with the matching records only', async () => {
    const { deps: d, invoke, lines } = deps([]);
    const filtered = spec({ filterPatterns: [{ value: { eventType: ['OrderCreated'] } }] });
    const mixed = {
      ...chunk(0, []),
      records: [record(0, 1, { eventType: 'OrderCreated' }), record(0, 2, { eventType: 'Other' })],
    };

    await createDelivery(filtered, d)([mixed], control());

    const [, event] = invoke.mock.calls[0] as unknown as [
      string,
      { records: Record<string, Array<{ offset: number }>> },
    ];
    expect(event.records['orders-0']!.map((r) => r.offset)).toEqual([1]);
    expect(lines[0]).toMatch(/2 records \(1 filtered out\)/);
  });

  it('sends the records to the failure destination once retries are exhausted, then commits', async () => {
    const { deps: d, publishFailed, invoke } = deps([failure, failure, failure]);
    const limited = spec({
      retry: { maximumRetryAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
      onFailureTopic: 'orders.dlq',
    });

    const result = await createDelivery(limited, d)([chunk(0, [1, 2])], control());

    expect(result).toBe('processed');
    expect(invoke).toHaveBeenCalledTimes(3);
    expect(publishFailed).toHaveBeenCalledWith([expect.anything(), expect.anything()], 'Error: boom');
  });

  it('keeps trying the failure destination until it takes the records', async () => {
    const { deps: d, publishFailed } = deps([failure]);
    publishFailed.mockRejectedValueOnce(new Error('broker down'));
    const limited = spec({
      retry: { maximumRetryAttempts: 0, initialDelayMs: 1, maxDelayMs: 1 },
      onFailureTopic: 'orders.dlq',
    });

    expect(await createDelivery(limited, d)([chunk(0, [1])], control())).toBe('processed');
    expect(publishFailed).toHaveBeenCalledTimes(2);
  });

  it('skips the batch past the retry limit when no destination is configured, as AWS does', async () => {
    const { deps: d, publishFailed, lines } = deps([failure, failure]);
    const limited = spec({ retry: { maximumRetryAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 } });

    expect(await createDelivery(limited, d)([chunk(0, [1])], control())).toBe('processed');
    expect(publishFailed).not.toHaveBeenCalled();
    expect(lines[lines.length - 1]).toMatch(/skipped after 2 attempts/);
  });

  it('does not count an unavailable local Lambda service against the retry limit', async () => {
    const { deps: d, invoke } = deps([unavailable, unavailable, unavailable]);
    const limited = spec({ retry: { maximumRetryAttempts: 0, initialDelayMs: 1, maxDelayMs: 1 } });

    expect(await createDelivery(limited, d)([chunk(0, [1])], control())).toBe('processed');
    expect(invoke).toHaveBeenCalledTimes(4);
  });
});

describe('describeChunks', () => {
  it('names each topic-partition with its offset range', () => {
    expect(describeChunks([chunk(0, [15, 16, 17]), chunk(2, [3])])).toBe('orders-0[15..17] orders-2[3]');
  });
});
