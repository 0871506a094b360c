import type { SourceRecord } from '../../../../plugins/serverless-offline-kafka/src/event';
import {
  createDelivery,
  describeRecords,
  type DeliveryControl,
  type DeliveryDeps,
} from '../../../../plugins/serverless-offline-kafka/src/delivery';
import type { FailureRecord } from '../../../../plugins/serverless-offline-kafka/src/failure-record';
import type { InvokeResult } from '../../../../plugins/serverless-offline-kafka/src/invoker';
import { id, record, records, spec } from './support';

const failure: InvokeResult = { ok: false, kind: 'function-error', message: 'Error: boom' };
const unavailable: InvokeResult = { ok: false, kind: 'unavailable', message: 'ECONNREFUSED' };
const ok = (payload?: unknown): InvokeResult => ({ ok: true, payload });
const itemFailure = (partition: string, offset: unknown) => ({ itemIdentifier: { partition, offset } });
const NOW = 1_700_000_100_000;

function control(cancelAfterPauses = Infinity) {
  const pauses: number[] = [];
  const settled: string[] = [];
  const c: DeliveryControl = {
    get cancelled() {
      return pauses.length >= cancelAfterPauses;
    },
    pause: async (ms) => void pauses.push(ms),
    settle: (done) => settled.push(...done.map(id)),
  };
  return { c, pauses, settled };
}

type Invoked = { records: Record<string, Array<{ offset: number }>> };

function deps(
  results: Array<InvokeResult | ((event: Invoked) => InvokeResult)>,
  overrides: Partial<DeliveryDeps> = {},
) {
  const lines: string[] = [];
  const events: Invoked[] = [];
  const invoke = jest.fn(async (_name: string, event: unknown) => {
    events.push(event as Invoked);
    const next = results.shift() ?? ok();
    return typeof next === 'function' ? next(event as Invoked) : next;
  });
  const published: FailureRecord[] = [];
  const publishFailed = jest.fn(async (failed: ReadonlyArray<{ failure: FailureRecord }>) => {
    published.push(...failed.map((f) => f.failure));
  });
  let request = 0;
  return {
    lines,
    events,
    invoke,
    published,
    publishFailed,
    deps: {
      invoke,
      publishFailed,
      log: { notice: (l: string) => lines.push(l), warning: (l: string) => lines.push(l) },
      bootstrapServers: 'localhost:9092',
      now: () => NOW,
      random: () => 1,
      newRequestId: () => `request-${++request}`,
      ...overrides,
    } satisfies DeliveryDeps,
  };
}

const offsetsOf = (event: Invoked) =>
  Object.fromEntries(Object.entries(event.records).map(([key, list]) => [key, list.map((r) => r.offset)]));

describe('createDelivery', () => {
  it('invokes the function once with the AWS event, settles every record and logs one line', async () => {
    const { deps: d, invoke, events, lines } = deps([]);
    const { c, settled } = control();

    await createDelivery(spec(), d)([...records(0, [4, 5]), ...records(2, [9])], c);

    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0]![0]).toBe('shop-local-notify');
    expect(offsetsOf(events[0]!)).toEqual({ 'orders-0': [4, 5], 'orders-2': [9] });
    expect(settled).toEqual(['orders-0@4', 'orders-0@5', 'orders-2@9']);
    expect(lines).toEqual(['notify orders-0[4..5] orders-2[9] 3 records 0 ms ok']);
  });

  it('settles the records no filter pattern matches without invoking for them', async () => {
    const { deps: d, events, lines } = deps([]);
    const { c, settled } = control();
    const batch = [record(0, 1, { eventType: 'OrderCreated' }), record(0, 2, { eventType: 'Other' })];

    await createDelivery(spec({ filterPatterns: [{ value: { eventType: ['OrderCreated'] } }] }), d)(batch, c);

    expect(offsetsOf(events[0]!)).toEqual({ 'orders-0': [1] });
    expect(settled).toEqual(['orders-0@2', 'orders-0@1']);
    expect(lines).toEqual(['notify orders-0[1] 2 records (1 filtered out) 0 ms ok']);
  });

  it('retries a failed batch with the same event after a growing backoff, then settles it', async () => {
    const { deps: d, events, lines } = deps([failure, failure]);
    const { c, pauses, settled } = control();

    await createDelivery(spec(), d)(records(1, [7, 8]), c);

    expect(events).toHaveLength(3);
    expect(events[1]).toEqual(events[0]);
    expect(events[2]).toEqual(events[0]);
    expect(pauses).toEqual([100, 200]);
    expect(settled).toEqual(['orders-1@7', 'orders-1@8']);
    expect(lines).toEqual([
      'notify orders-1[7..8] 2 records 0 ms failed (Error: boom), attempt 1, retrying in 100 ms',
      'notify orders-1[7..8] 2 records 0 ms failed (Error: boom), attempt 2, retrying in 200 ms',
      'notify orders-1[7..8] 2 records 0 ms ok after 3 attempts',
    ]);
  });

  it('does not count an invocation serverless-offline could not make', async () => {
    const { deps: d, published } = deps([unavailable, unavailable, failure]);
    const { c, settled } = control();
    const destination = { type: 'kafka' as const, topic: 'orders.dlq' };

    await createDelivery(
      spec({ destination, retry: { maximumRetryAttempts: 0, initialDelayMs: 100, maxDelayMs: 1000 } }),
      d,
    )(records(0, [1]), c);

    expect(published).toHaveLength(1);
    expect(published[0]!.requestContext.approximateInvokeCount).toBe(1);
    expect(settled).toEqual(['orders-0@1']);
  });

  it('past the retry limit writes one failure record per record, in the format AWS documents, and settles them', async () => {
    const { deps: d, published, events } = deps([failure, failure]);
    const { c, settled } = control();
    const destination = { type: 'kafka' as const, topic: 'orders.dlq' };
    const batch = [...records(0, [3]), ...records(1, [8])];

    await createDelivery(
      spec({ destination, retry: { maximumRetryAttempts: 1, initialDelayMs: 100, maxDelayMs: 1000 } }),
      d,
    )(batch, c);

    expect(events).toHaveLength(2);
    expect(settled).toEqual(['orders-0@3', 'orders-1@8']);
    expect(published).toHaveLength(2);
    const [first] = published;
    expect(first).toEqual({
      requestContext: {
        requestId: 'request-2',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-local-notify:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(NOW).toISOString(),
      KafkaBatchInfo: {
        batchSize: 1,
        eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc',
        bootstrapServers: 'localhost:9092',
        payloadSize: Buffer.byteLength(JSON.stringify(first!.payload)),
        recordInfo: { offset: '3', timestamp: '2023-11-14T22:13:20.000Z' },
      },
      payload: {
        eventSource: 'aws:kafka',
        eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc',
        bootstrapServers: 'localhost:9092',
        records: {
          'orders-0': [
            {
              topic: 'orders',
              partition: 0,
              offset: 3,
              timestamp: 1_700_000_000_000,
              timestampType: 'CREATE_TIME',
              key: Buffer.from('key-3').toString('base64'),
              value: Buffer.from('{"offset":3}').toString('base64'),
              headers: [],
            },
          ],
        },
      },
    });
    expect(Object.keys(published[1]!.payload.records)).toEqual(['orders-1']);
  });

  it('skips the records past the retry limit when there is no destination, as AWS does', async () => {
    const { deps: d, lines } = deps([failure]);
    const { c, settled } = control();

    await createDelivery(spec({ retry: { maximumRetryAttempts: 0, initialDelayMs: 1, maxDelayMs: 1 } }), d)(
      records(0, [1]),
      c,
    );

    expect(settled).toEqual(['orders-0@1']);
    expect(lines.at(-1)).toBe(
      'notify orders-0[1] skipped (RetriesExhausted; no failure destination configured)',
    );
  });

  it('keeps trying to write to the destination until it can: nothing given up is lost', async () => {
    const { deps: d, publishFailed } = deps([failure]);
    publishFailed
      .mockRejectedValueOnce(new Error('topic unavailable'))
      .mockRejectedValueOnce(new Error('again'));
    const { c, settled, pauses } = control();

    await createDelivery(
      spec({
        destination: { type: 'kafka', topic: 'orders.dlq' },
        retry: { maximumRetryAttempts: 0, initialDelayMs: 100, maxDelayMs: 1000 },
      }),
      d,
    )(records(0, [1]), c);

    expect(publishFailed).toHaveBeenCalledTimes(3);
    expect(pauses).toEqual([100, 200]);
    expect(settled).toEqual(['orders-0@1']);
  });

  it('gives up a batch when cancelled, settling nothing', async () => {
    const { deps: d, lines } = deps([failure, failure, failure]);
    const { c, settled } = control(1);

    await createDelivery(spec(), d)(records(0, [1, 2]), c);

    expect(settled).toEqual([]);
    expect(lines.at(-1)).toBe(
      'notify orders-0[1..2] 2 records abandoned, not committed: it will be read again',
    );
  });

  describe('with ReportBatchItemFailures', () => {
    const partial = spec({ reportBatchItemFailures: true });

    it('settles every other partition and the records before the reported one, then retries only from it', async () => {
      const { deps: d, events, lines } = deps([ok({ batchItemFailures: [itemFailure('orders-0', 5)] })]);
      const { c, settled } = control();

      await createDelivery(partial, d)([...records(0, [4, 5, 6]), ...records(1, [2, 3])], c);

      expect(offsetsOf(events[1]!)).toEqual({ 'orders-0': [5, 6] });
      expect(settled).toEqual(['orders-0@4', 'orders-1@2', 'orders-1@3', 'orders-0@5', 'orders-0@6']);
      expect(lines[0]).toBe(
        'notify orders-0[4..6] orders-1[2..3] 5 records 0 ms 1 failed (orders-0@5), 3 done, attempt 1, retrying in 100 ms',
      );
    });

    it('counts retries per reported record and dead-letters the one that keeps failing, without functionError', async () => {
      const reportFive = () => ok({ batchItemFailures: [itemFailure('orders-0', 5)] });
      const { deps: d, published, events } = deps([reportFive, reportFive]);
      const { c, settled } = control();

      await createDelivery(
        spec({
          reportBatchItemFailures: true,
          destination: { type: 'kafka', topic: 'orders.dlq' },
          retry: { maximumRetryAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
        }),
        d,
      )(records(0, [4, 5, 6]), c);

      expect(events.map(offsetsOf)).toEqual([
        { 'orders-0': [4, 5, 6] },
        { 'orders-0': [5, 6] },
        { 'orders-0': [6] },
      ]);
      expect(settled).toEqual(['orders-0@4', 'orders-0@5', 'orders-0@6']);
      expect(published).toHaveLength(1);
      expect(published[0]!.requestContext).toMatchObject({
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      });
      expect(published[0]!.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    });

    it.each([
      ['a string identifier (the SQS form)', { batchItemFailures: [{ itemIdentifier: 'orders-0-5' }] }],
      ['an offset as a string', { batchItemFailures: [itemFailure('orders-0', '5')] }],
      ['a record that was not in the event', { batchItemFailures: [itemFailure('orders-0', 99)] }],
      ['a partition key without the topic', { batchItemFailures: [itemFailure('0', 5)] }],
      ['a list that is not a list', { batchItemFailures: { itemIdentifier: {} } }],
    ])('treats %s as a failure of the whole batch', async (_case, response) => {
      const { deps: d, events, lines } = deps([ok(response)]);
      const { c } = control();

      await createDelivery(partial, d)([...records(0, [4, 5]), ...records(1, [1])], c);

      expect(offsetsOf(events[1]!)).toEqual({ 'orders-0': [4, 5], 'orders-1': [1] });
      expect(lines[0]).toMatch(/failed \(invalid batch response: .+\), attempt 1, retrying in 100 ms$/);
    });

    it.each([
      [undefined],
      [null],
      [{}],
      [{ batchItemFailures: [] }],
      [{ batchItemFailures: null }],
      ['done'],
    ])('takes %j as a success', async (payload) => {
      const { deps: d, events } = deps([ok(payload)]);
      const { c, settled } = control();

      await createDelivery(partial, d)(records(0, [1]), c);

      expect(events).toHaveLength(1);
      expect(settled).toEqual(['orders-0@1']);
    });

    it('is ignored without ReportBatchItemFailures: a normal return is a success, as on AWS, with a warning', async () => {
      const { deps: d, events, lines } = deps([ok({ batchItemFailures: [itemFailure('orders-0', 1)] })]);
      const { c, settled } = control();

      await createDelivery(spec(), d)(records(0, [1]), c);

      expect(events).toHaveLength(1);
      expect(settled).toEqual(['orders-0@1']);
      expect(lines).toEqual([
        'notify orders-0[1] 1 record 0 ms ok',
        'notify orders-0[1] 1 record: the function reported 1 batchItemFailures, taken as a success (committed, ' +
          'not retried) because the mapping lacks FunctionResponseTypes: [ReportBatchItemFailures], as on AWS',
      ]);
    });
  });

  it('with BisectBatchOnFunctionError, splits a failing batch in halves until the bad record is alone', async () => {
    const poisoned = (event: Invoked) =>
      Object.values(event.records).some((list) => list.some((r) => r.offset === 6)) ? failure : ok();
    const { deps: d, events, published } = deps(Array.from({ length: 10 }, () => poisoned));
    const { c, settled } = control();

    await createDelivery(
      spec({
        bisectBatchOnFunctionError: true,
        destination: { type: 'kafka', topic: 'orders.dlq' },
        retry: { maximumRetryAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
      }),
      d,
    )(records(0, [4, 5, 6, 7]), c);

    expect(events.map(offsetsOf)).toEqual([
      { 'orders-0': [4, 5, 6, 7] },
      { 'orders-0': [4, 5] },
      { 'orders-0': [6, 7] },
      { 'orders-0': [6] },
      { 'orders-0': [7] },
    ]);
    expect(settled).toEqual(['orders-0@4', 'orders-0@5', 'orders-0@6', 'orders-0@7']);
    expect(published.map((f) => f.KafkaBatchInfo.recordInfo.offset)).toEqual(['6']);
  });

  it('sets aside a record older than MaximumRecordAgeInSeconds without invoking the function', async () => {
    const { deps: d, events, published } = deps([]);
    const { c, settled } = control();
    const old = record(0, 1, { offset: 1 }, NOW - 120_000);
    const fresh = record(0, 2, { offset: 2 }, NOW - 1000);

    await createDelivery(
      spec({ maximumRecordAgeMs: 60_000, destination: { type: 'kafka', topic: 'orders.dlq' } }),
      d,
    )([old, fresh], c);

    expect(offsetsOf(events[0]!)).toEqual({ 'orders-0': [2] });
    expect(settled).toEqual(['orders-0@1', 'orders-0@2']);
    expect(published[0]).toMatchObject({
      requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 0, requestId: 'request-1' },
      responseContext: null,
    });
  });

  it('sends a record too large for one invocation to the destination as MaximumPayloadSizeExceeded', async () => {
    const { deps: d, events, published } = deps([], { payloadLimitBytes: 1200 });
    const { c, settled } = control();
    const big = record(0, 1, { text: 'x'.repeat(1000) });

    await createDelivery(spec({ destination: { type: 'kafka', topic: 'orders.dlq' } }), d)(
      [big, record(0, 2)],
      c,
    );

    expect(offsetsOf(events[0]!)).toEqual({ 'orders-0': [2] });
    expect(settled).toEqual(['orders-0@1', 'orders-0@2']);
    expect(published[0]).toMatchObject({
      requestContext: { condition: 'MaximumPayloadSizeExceeded', approximateInvokeCount: 0 },
      responseContext: null,
    });
    expect(published[0]!.KafkaBatchInfo.payloadSize).toBeGreaterThan(1200);
  });
});

describe('describeRecords', () => {
  it('names each topic-partition with its offset range', () => {
    const batch: SourceRecord[] = [...records(0, [15, 16, 17]), ...records(2, [3])];

    expect(describeRecords(batch)).toBe('orders-0[15..17] orders-2[3]');
  });
});
