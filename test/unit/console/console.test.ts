import { ConsoleData } from '../../../console/server/console';
import { LiveFeeds } from '../../../console/server/live';
import { replayDeadLetter } from '../../../console/server/replay';
import { deadLetter } from '../../../console/server/views/records';
import { FakeEmails, FakeKafka, FakeTables, NAMES, record } from './fakes';

const ORDER = '0d3c9a52-8a41-4f5c-9d0e-2b7c1f3e4a55';

function deadLetterKafka() {
  const kafka = new FakeKafka().topic('order-events').topic('order-events.dlq');
  kafka.keyPartition = () => 1;
  kafka.append(
    record(
      'order-events.dlq',
      0,
      0,
      { eventType: 'OrderCreated' },
      {
        key: ORDER,
        headers: {
          eventType: 'OrderCreated',
          'dlq-reason': 'SCHEMA_VIOLATION',
          'dlq-source-topic': 'order-events',
          'dlq-source-partition': '1',
          'dlq-source-offset': '7',
        },
      },
    ),
  );
  return kafka;
}

describe('replayDeadLetter', () => {
  it('writes the record back to its source topic with its key and original headers, without the dlq-* ones', async () => {
    const kafka = deadLetterKafka();

    const result = await replayDeadLetter(
      kafka,
      { topic: 'order-events.dlq', partition: 0, offset: 0 },
      'fallback',
      () => new Date(0),
    );

    expect(result).toEqual({
      topic: 'order-events',
      partition: 1,
      offset: 0,
      at: '1970-01-01T00:00:00.000Z',
    });
    const [replayed] = kafka.logs.get('order-events')![1]!;
    expect(replayed!.key!.toString()).toBe(ORDER);
    expect(JSON.parse(replayed!.value!.toString())).toEqual({ eventType: 'OrderCreated' });
    expect(replayed!.headers.map((h) => h.name)).toEqual(['eventType']);
  });

  it('refuses a record that is not there', async () => {
    const kafka = deadLetterKafka();

    await expect(
      replayDeadLetter(kafka, { topic: 'order-events.dlq', partition: 0, offset: 5 }, 'order-events'),
    ).rejects.toMatchObject({ field: 'offset' });
    expect(kafka.logs.get('order-events')!.flat()).toEqual([]);
  });

  it('sends a dead letter that does not say its source to the fallback topic, never back onto the DLQ', async () => {
    const kafka = new FakeKafka().topic('order-events').topic('order-events.dlq');
    kafka.append(record('order-events.dlq', 0, 0, 'x'));

    await expect(
      replayDeadLetter(kafka, { topic: 'order-events.dlq', partition: 0, offset: 0 }, 'order-events.dlq'),
    ).rejects.toMatchObject({ field: 'topic' });
    const result = await replayDeadLetter(
      kafka,
      { topic: 'order-events.dlq', partition: 0, offset: 0 },
      'order-events',
    );
    expect(result.topic).toBe('order-events');
  });
});

describe('a dead letter in AWS’s failure-record format', () => {
  // What a kafka:// on-failure destination receives: the original record inside, as a one-record event.
  const failureRecord = {
    requestContext: {
      requestId: 'r-1',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:order-system-prod-notify',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 11,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-03-01T10:00:00.000Z',
    payload: {
      eventSource: 'aws:kafka',
      records: {
        'order-events-1': [
          {
            topic: 'order-events',
            partition: 1,
            offset: 7,
            timestamp: 1,
            key: Buffer.from(ORDER).toString('base64'),
            value: Buffer.from('{"eventType":"OrderCreated"}').toString('base64'),
            headers: [{ eventType: [...Buffer.from('OrderCreated')] }, { signed: [-1] }],
          },
        ],
      },
    },
  };

  it('is shown as its original record, with the condition and the source', () => {
    const view = deadLetter(record('order-events.dlq', 2, 5, failureRecord));

    expect(view).toMatchObject({
      reason: 'RetryAttemptsExhausted',
      error: 'Unhandled',
      by: 'order-system-prod-notify',
      failedAt: '2026-03-01T10:00:00.000Z',
      source: { topic: 'order-events', partition: 1, offset: 7 },
      record: {
        topic: 'order-events.dlq',
        partition: 2,
        offset: 5,
        key: ORDER,
        json: { eventType: 'OrderCreated' },
      },
    });
  });

  it('replays the original record, not the failure record around it', async () => {
    const kafka = new FakeKafka().topic('order-events').topic('order-events.dlq');
    kafka.keyPartition = () => 1;
    kafka.append(record('order-events.dlq', 0, 0, failureRecord));

    await replayDeadLetter(kafka, { topic: 'order-events.dlq', partition: 0, offset: 0 }, 'order-events');

    const [replayed] = kafka.logs.get('order-events')![1]!;
    expect(replayed!.key!.toString()).toBe(ORDER);
    expect(replayed!.value!.toString()).toBe('{"eventType":"OrderCreated"}');
    // AWS writes header bytes as signed Java bytes.
    expect(replayed!.headers).toEqual([
      { name: 'eventType', value: Buffer.from('OrderCreated') },
      { name: 'signed', value: Buffer.from([255]) },
    ]);
  });
});

describe('ConsoleData', () => {
  it('reads the newest records again only when the topic’s offsets moved', async () => {
    const kafka = new FakeKafka().topic('order-events').topic('order-events.dlq');
    const data = new ConsoleData(kafka, new FakeTables(), new FakeEmails(), NAMES);
    kafka.append(record('order-events', 0, 0, { eventType: 'OrderCreated', orderId: ORDER }, { key: ORDER }));

    const first = await data.recentOrders();
    await data.recentOrders();
    const readsBefore = kafka.reads.length;
    kafka.append(
      record('order-events', 2, 0, { eventType: 'OrderCreated', orderId: 'second' }, { timestamp: 2e12 }),
    );
    const second = await data.recentOrders();

    expect(first.orders.map((o) => o.orderId)).toEqual([ORDER]);
    expect(readsBefore).toBe(1);
    expect(kafka.reads.length).toBe(2);
    expect(second.orders.map((o) => o.orderId)).toEqual(['second', ORDER]);
  });

  it('builds an order’s timeline from the tables, the event on the topic, the group’s commit and the captured email', async () => {
    const kafka = new FakeKafka().topic('order-events');
    kafka.keyPartition = () => 2;
    kafka.append(record('order-events', 2, 0, { other: true }, { key: 'someone-else' }));
    kafka.append(
      record(
        'order-events',
        2,
        0,
        { eventType: 'OrderCreated', orderId: ORDER },
        { key: ORDER, timestamp: 5_000 },
      ),
    );
    kafka.commits.set('notification-service-group', [{ topic: 'order-events', partition: 2, offset: 2 }]);
    const tables = new FakeTables();
    tables.orders.set(ORDER, { id: ORDER, eventId: 'ev', createdAt: new Date(4_990).toISOString() });
    tables.notificationList = [
      {
        eventId: 'ev',
        orderId: ORDER,
        status: 'SENT',
        attempts: 1,
        providerMessageId: 'm-1',
        createdAt: new Date(5_500).toISOString(),
        sentAt: new Date(5_560).toISOString(),
      },
    ];
    const emails = new FakeEmails();
    emails.list = [
      {
        messageId: 'm-1',
        from: 'a@b',
        to: ['ana@example.com'],
        subject: 'Tu orden',
        sentAt: new Date(5_561),
      },
    ];
    const data = new ConsoleData(kafka, tables, emails, NAMES);

    const timeline = await data.timeline(ORDER);
    await data.timeline(ORDER);

    expect(timeline.steps.find((s) => s.key === 'published')).toMatchObject({
      title: 'OrderCreated sent to order-events · partition 2 · offset 1',
      t: 10,
    });
    expect(timeline).toMatchObject({ complete: true, email: { messageId: 'm-1', subject: 'Tu orden' } });
    expect(timeline.steps.find((s) => s.key === 'status')!.details).toContainEqual([
      'offset committed',
      'yes (2)',
    ]);
    // The event's position is found once, by the order id as key, then remembered.
    expect(kafka.reads).toHaveLength(1);
  });
});

describe('ConsoleData with analytics-service', () => {
  it('puts when analytics counted the event, and its group’s commit, alongside the order’s path', async () => {
    const kafka = new FakeKafka().topic('order-events');
    kafka.keyPartition = () => 1;
    kafka.append(
      record(
        'order-events',
        1,
        0,
        { eventType: 'OrderCreated', orderId: ORDER },
        { key: ORDER, timestamp: 5_000 },
      ),
    );
    kafka.commits.set('analytics-service-group', [{ topic: 'order-events', partition: 1, offset: 1 }]);
    const tables = new FakeTables();
    tables.orders.set(ORDER, { id: ORDER, eventId: 'ev', createdAt: new Date(4_990).toISOString() });
    tables.counted.set('ev', new Date(5_040).toISOString());
    const names = { ...NAMES, analyticsGroup: 'analytics-service-group' };

    const timeline = await new ConsoleData(kafka, tables, new FakeEmails(), names).timeline(ORDER);

    expect(timeline.alongside).toEqual([
      expect.objectContaining({
        key: 'counted',
        t: 50,
        state: 'done',
        details: [
          ['group', 'analytics-service-group'],
          ['offset committed', 'yes (1)'],
        ],
      }),
    ]);
    // notify has not sent the email yet.
    expect(timeline.complete).toBe(false);
  });
});

describe('LiveFeeds', () => {
  afterEach(() => jest.useRealTimers());

  it('reads a feed while someone watches it, sends only changes, and stops when the last watcher leaves', async () => {
    jest.useFakeTimers();
    const live = new LiveFeeds(1000);
    let value = 1;
    const load = jest.fn(async () => ({ value }));
    const sent: string[] = [];

    const stop = live.watch('cluster', load, (event, data) => sent.push(`${event} ${data}`));
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(1000);
    value = 2;
    await jest.advanceTimersByTimeAsync(1000);
    stop();
    await jest.advanceTimersByTimeAsync(5000);

    expect(sent).toEqual(['cluster {"value":1}', 'cluster {"value":2}']);
    expect(load).toHaveBeenCalledTimes(3);
    expect(live.active()).toEqual([]);
  });

  it('gives a new watcher the last reading at once, and reports an error once until the feed recovers', async () => {
    jest.useFakeTimers();
    const live = new LiveFeeds(1000);
    let fail = false;
    const load = async () => {
      if (fail) throw new Error('Kafka is down');
      return { ok: true };
    };
    const first: string[] = [];
    const second: string[] = [];
    live.watch('groups', load, (event) => first.push(event));
    await jest.advanceTimersByTimeAsync(0);

    live.watch('groups', load, (event) => second.push(event));
    fail = true;
    await jest.advanceTimersByTimeAsync(2000);
    fail = false;
    await jest.advanceTimersByTimeAsync(1000);
    live.close();

    expect(second[0]).toBe('groups');
    expect(first).toEqual(['groups', 'feed-error', 'groups']);
  });
});
