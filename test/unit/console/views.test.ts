import { clusterView, RateTracker } from '../../../console/server/views/cluster';
import { emailDocument, emailsView } from '../../../console/server/views/emails';
import { CONSOLE_GROUP_PREFIX, groupsView } from '../../../console/server/views/groups';
import {
  BadQueryError,
  browseRecords,
  deadLetter,
  decodeRecord,
} from '../../../console/server/views/records';
import { FakeEmails, FakeKafka, NAMES, record } from './fakes';

describe('RateTracker', () => {
  it('gives records per second over the window once two readings exist', () => {
    const rates = new RateTracker(10_000);

    expect(rates.observe('t/0', 0, 100)).toBeUndefined();
    expect(rates.observe('t/0', 2_000, 120)).toBe(10);
    expect(rates.observe('t/0', 4_000, 120)).toBe(5);
  });

  it('forgets readings older than the window, keeping one to span it', () => {
    const rates = new RateTracker(10_000);
    rates.observe('t/0', 0, 0);
    rates.observe('t/0', 5_000, 500);
    rates.observe('t/0', 12_000, 500);

    // The reading at 0 fell out: 5 s → 20 s, no new records.
    expect(rates.observe('t/0', 20_000, 500)).toBe(0);
  });

  it('never reports a negative rate when a topic is recreated', () => {
    const rates = new RateTracker();
    rates.observe('t/0', 0, 50);

    expect(rates.observe('t/0', 1_000, 0)).toBe(0);
  });
});

describe('clusterView', () => {
  it('lists brokers, the controller and each partition with leader, replicas, ISR and offsets; system topics first', async () => {
    const kafka = new FakeKafka().topic('a-test-topic', 1).topic('order-events.dlq').topic('order-events');
    kafka.append(record('order-events', 2, 0, { n: 1 }));
    kafka.append(record('order-events', 2, 0, { n: 2 }));
    kafka.lows.set('order-events/1', 7);

    const view = await clusterView(kafka, NAMES, new RateTracker(), () => 1_000);

    expect(view.controller).toBe(1);
    expect(view.brokers).toEqual([{ nodeId: 1, host: 'localhost', port: 9092 }]);
    expect(view.topics.map((t) => [t.name, t.system])).toEqual([
      ['order-events', true],
      ['order-events.dlq', true],
      ['a-test-topic', false],
    ]);
    expect(view.topics[0]!.partitions).toEqual([
      expect.objectContaining({ partition: 0, leader: 1, replicas: [1], isr: [1], first: 0, last: 0 }),
      expect.objectContaining({ partition: 1, first: 7, last: 7 }),
      expect.objectContaining({ partition: 2, first: 0, last: 2 }),
    ]);
    expect(view.topics[0]!.records).toBe(2);
  });

  it('reports message rates from the offsets of successive readings', async () => {
    const kafka = new FakeKafka().topic('order-events', 1);
    const rates = new RateTracker();
    await clusterView(kafka, NAMES, rates, () => 0);
    for (let i = 0; i < 6; i++) kafka.append(record('order-events', 0, 0, { i }));

    const view = await clusterView(kafka, NAMES, rates, () => 2_000);

    expect(view.topics[0]!.ratePerSecond).toBe(3);
    expect(view.topics[0]!.partitions[0]!.ratePerSecond).toBe(3);
  });
});

describe('groupsView', () => {
  it('gives per partition the committed offset, the last offset, the lag and the member reading it', async () => {
    const kafka = new FakeKafka().topic('order-events');
    for (const partition of [0, 0, 0, 1, 2, 2]) kafka.append(record('order-events', partition, 0, {}));
    kafka.groupList = [
      {
        groupId: 'notification-service-group',
        state: 'Stable',
        members: [
          {
            memberId: 'm-1',
            clientId: 'offline',
            host: '/127.0.0.1',
            assigned: [0, 1, 2].map((partition) => ({ topic: 'order-events', partition })),
          },
        ],
      },
    ];
    kafka.commits.set('notification-service-group', [
      { topic: 'order-events', partition: 0, offset: 1 },
      { topic: 'order-events', partition: 1, offset: 1 },
      { topic: 'order-events', partition: 2, offset: -1 },
    ]);

    const { groups } = await groupsView(kafka, NAMES);

    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ groupId: 'notification-service-group', system: true, totalLag: 4 });
    expect(groups[0]!.partitions).toEqual([
      { topic: 'order-events', partition: 0, committed: 1, last: 3, lag: 2, memberId: 'm-1' },
      { topic: 'order-events', partition: 1, committed: 1, last: 1, lag: 0, memberId: 'm-1' },
      // Nothing committed: all that is kept is still to be read.
      { topic: 'order-events', partition: 2, committed: undefined, last: 2, lag: 2, memberId: 'm-1' },
    ]);
  });

  it("hides the console's own short-lived reader groups and puts the system's group first", async () => {
    const kafka = new FakeKafka().topic('order-events');
    const group = (groupId: string) => ({ groupId, state: 'Empty', members: [] });
    kafka.groupList = [
      group('analytics'),
      group(`${CONSOLE_GROUP_PREFIX}123`),
      group('notification-service-group'),
    ];

    const { groups } = await groupsView(kafka, NAMES);

    expect(groups.map((g) => g.groupId)).toEqual(['notification-service-group', 'analytics']);
  });

  it("marks every group serverless.yml defines as the system's, analytics' too, and lists them first", async () => {
    const kafka = new FakeKafka().topic('order-events');
    const group = (groupId: string) => ({ groupId, state: 'Empty', members: [] });
    kafka.groupList = [
      group('a-reader-of-its-own'),
      group('analytics-service-group'),
      group('notification-service-group'),
    ];

    const { groups } = await groupsView(kafka, {
      ...NAMES,
      consumerGroups: ['notification-service-group', 'analytics-service-group'],
    });

    expect(groups.map((g) => [g.groupId, g.system])).toEqual([
      ['analytics-service-group', true],
      ['notification-service-group', true],
      ['a-reader-of-its-own', false],
    ]);
  });
});

describe('records', () => {
  it('decodes key and headers as text and pretty-printable JSON values', () => {
    const view = decodeRecord(
      record(
        'order-events',
        1,
        4,
        { orderId: 'o-1' },
        { key: 'o-1', headers: { eventType: 'OrderCreated' } },
      ),
    );

    expect(view).toMatchObject({
      key: 'o-1',
      headers: [{ name: 'eventType', value: 'OrderCreated' }],
      json: { orderId: 'o-1' },
      text: null,
    });
  });

  it('keeps a value that is not JSON as text, and a null value as null', () => {
    expect(decodeRecord(record('t', 0, 0, 'not json {'))).toMatchObject({
      json: undefined,
      text: 'not json {',
    });
    expect(decodeRecord(record('t', 0, 0, null))).toMatchObject({ json: undefined, text: null, key: null });
  });

  it('browses a partition from an offset, and by default its newest records', async () => {
    const kafka = new FakeKafka().topic('order-events', 1);
    for (let i = 0; i < 30; i++) kafka.append(record('order-events', 0, 0, { i }));

    const from = await browseRecords(kafka, { topic: 'order-events', partition: 0, offset: 5, limit: 3 });
    const newest = await browseRecords(kafka, { topic: 'order-events', limit: 4 });

    expect(from.records.map((r) => r.offset)).toEqual([5, 6, 7]);
    expect(newest.records.map((r) => r.offset)).toEqual([26, 27, 28, 29]);
    expect(newest).toMatchObject({ first: 0, last: 30 });
  });

  it("finds records by key in the partition the producers' partitioner picks for it", async () => {
    const kafka = new FakeKafka().topic('order-events');
    kafka.keyPartition = () => 2;
    kafka.append(record('order-events', 2, 0, { n: 1 }, { key: 'other' }));
    kafka.append(record('order-events', 2, 0, { n: 2 }, { key: 'order-7' }));

    const page = await browseRecords(kafka, { topic: 'order-events', key: 'order-7' });

    expect(page.partition).toBe(2);
    expect(page.records.map((r) => r.json)).toEqual([{ n: 2 }]);
    expect(kafka.reads).toEqual([{ topic: 'order-events', ranges: [{ partition: 2, from: 0, to: 2 }] }]);
  });

  it('refuses an unknown topic or partition with the field to fix', async () => {
    const kafka = new FakeKafka().topic('order-events');

    await expect(browseRecords(kafka, { topic: 'nope' })).rejects.toMatchObject({ field: 'topic' });
    await expect(browseRecords(kafka, { topic: 'order-events', partition: 9 })).rejects.toBeInstanceOf(
      BadQueryError,
    );
  });

  it('reads why and from where notify set a record aside (dlq-* headers)', () => {
    const view = deadLetter(
      record('order-events.dlq', 0, 3, 'garbage', {
        key: 'k',
        headers: {
          'dlq-reason': 'MALFORMED_EVENT',
          'dlq-error': 'the value is not JSON',
          'dlq-failed-at': '2026-01-01T00:00:00.000Z',
          'dlq-consumer': 'notification-service',
          'dlq-source-topic': 'order-events',
          'dlq-source-partition': '1',
          'dlq-source-offset': '42',
        },
      }),
    );

    expect(view).toMatchObject({
      reason: 'MALFORMED_EVENT',
      error: 'the value is not JSON',
      by: 'notification-service',
      source: { topic: 'order-events', partition: 1, offset: 42 },
    });
  });

  it('reads the event source’s failed batches (failure-* headers) as exhausted retries', () => {
    const view = deadLetter(
      record(
        'order-events.dlq',
        0,
        0,
        {},
        {
          headers: {
            'failure-function': 'notify',
            'failure-topic': 'order-events',
            'failure-partition': '2',
            'failure-offset': '9',
            'failure-reason': 'SES unavailable',
          },
        },
      ),
    );

    expect(view).toMatchObject({
      reason: 'RETRIES_EXHAUSTED',
      error: 'SES unavailable',
      by: 'notify',
      source: { topic: 'order-events', partition: 2, offset: 9 },
    });
  });
});

describe('emails', () => {
  it('lists the newest first, without bodies', async () => {
    const source = new FakeEmails();
    const email = (messageId: string, at: string) => ({
      messageId,
      from: 'no-reply@orders.local',
      to: ['ana@example.com'],
      subject: 'Tu orden',
      html: '<p>hola</p>',
      sentAt: new Date(at),
    });
    source.list = [email('old', '2026-01-01T00:00:00Z'), email('new', '2026-01-02T00:00:00Z')];

    const view = await emailsView(source);

    expect(view.emails.map((e) => e.messageId)).toEqual(['new', 'old']);
    expect(view.emails[0]).toEqual({
      messageId: 'new',
      from: 'no-reply@orders.local',
      to: ['ana@example.com'],
      subject: 'Tu orden',
      sentAt: '2026-01-02T00:00:00.000Z',
      hasHtml: true,
    });
  });

  it('shows a text-only email escaped, never as markup', () => {
    const doc = emailDocument({
      messageId: 'm',
      from: 'a@b',
      to: [],
      subject: 's',
      text: '<script>alert(1)</script> & more',
      sentAt: new Date(0),
    });

    expect(doc).not.toContain('<script>');
    expect(doc).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
  });
});
