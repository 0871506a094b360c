import { formatDeadLetters, select } from '../../../scripts/dlq';
import { age, readDeadLetter, VALUE_OMITTED_HEADER } from '../../../scripts/dlq/dead-letters';
import { deadLetterHeaders } from '../../../src/shared/kafka/kafka-dead-letter.publisher';
import awsFailureRecord from '../../fixtures/conformance/aws/kafka-failure-destination-record.json';

/** A dead letter of the event source, as AWS documents it, on partition 1 at offset 4 of the DLQ. */
const fromEventSource = {
  partition: 1,
  offset: '4',
  timestamp: '1573755365568',
  key: Buffer.from('test-key'),
  value: Buffer.from(JSON.stringify(awsFailureRecord)),
  headers: {},
};

/** A dead letter of notify: the original record with dlq-* headers (its real publisher's headers). */
const fromNotify = {
  partition: 0,
  offset: '9',
  timestamp: '1700000000000',
  key: Buffer.from('order-1'),
  value: Buffer.from('not json'),
  headers: deadLetterHeaders(
    {
      key: Buffer.from('order-1'),
      value: Buffer.from('not json'),
      headers: [{ name: 'eventType', value: Buffer.from('OrderCreated') }],
      origin: { topic: 'order-events', partition: '2', offset: '31', timestamp: '1699999999000' },
    },
    {
      code: 'MALFORMED_EVENT',
      message: 'the message value is not JSON',
      at: new Date('2023-11-14T22:13:20Z'),
    },
    'notification-service',
  ),
};

describe('readDeadLetter', () => {
  it("reads the event source's failure record: reason, source record, attempts and the original bytes", () => {
    const deadLetter = readDeadLetter(fromEventSource);

    expect(deadLetter).toEqual({
      id: '1:4',
      writer: 'event-source',
      reason: 'RetriesExhausted',
      detail: 'Unhandled',
      source: { topic: 'my-topic', partition: 0, offset: '100', timestamp: 1749116692330 },
      deadLetteredAt: new Date('2019-11-14T18:16:05.568Z'),
      attempts: 3,
      original: { key: Buffer.from('test-key'), value: Buffer.from('test-value'), headers: [] },
      valueOmitted: false,
    });
  });

  it("reads notify's own dead letter: its code, where it came from, and the original headers without dlq-*", () => {
    const deadLetter = readDeadLetter(fromNotify);

    expect(deadLetter).toEqual({
      id: '0:9',
      writer: 'notify',
      reason: 'MALFORMED_EVENT',
      detail: 'the message value is not JSON',
      source: { topic: 'order-events', partition: 2, offset: '31', timestamp: 1699999999000 },
      deadLetteredAt: new Date('2023-11-14T22:13:20Z'),
      attempts: undefined,
      original: {
        key: Buffer.from('order-1'),
        value: Buffer.from('not json'),
        headers: [{ name: 'eventType', value: Buffer.from('OrderCreated') }],
      },
      valueOmitted: false,
    });
  });

  it('notes a failure record written without its value', () => {
    const withoutValue = structuredClone(awsFailureRecord) as {
      payload: { records: Record<string, object[]> };
    };
    delete (withoutValue.payload.records['my-topic-0']![0] as { value?: string }).value;

    const deadLetter = readDeadLetter({
      ...fromEventSource,
      value: Buffer.from(JSON.stringify(withoutValue)),
      headers: { [VALUE_OMITTED_HEADER]: Buffer.from('too large') },
    });

    expect(deadLetter).toMatchObject({ valueOmitted: true, detail: 'too large', original: { value: null } });
  });

  it('refuses a message that is neither kind', () => {
    expect(() => readDeadLetter({ ...fromNotify, headers: {} })).toThrow(
      '0:9: neither a failure record nor a message with dlq-* headers',
    );
  });
});

describe('select', () => {
  const all = [readDeadLetter(fromEventSource), readDeadLetter(fromNotify)];

  it('picks dead letters by id, by all, and by reason', () => {
    expect(select(all, ['0:9']).map((d) => d.id)).toEqual(['0:9']);
    expect(select(all, ['1:4,0:9']).map((d) => d.id)).toEqual(['1:4', '0:9']);
    expect(select(all, ['all'], 'RetriesExhausted').map((d) => d.id)).toEqual(['1:4']);
  });

  it('says what is wrong with a selection', () => {
    expect(() => select(all, [])).toThrow('say which dead letters to replay');
    expect(() => select(all, ['four'])).toThrow('"four" is not a dead letter id (<partition>:<offset>)');
    expect(() => select(all, ['3:3'])).toThrow('no dead letter 3:3');
  });
});

describe('formatDeadLetters', () => {
  it('lists id, age, reason, source, attempts, key and writer', () => {
    const text = formatDeadLetters(
      { deadLetters: [readDeadLetter(fromNotify)], unreadable: [{ id: '2:0', error: '2:0: not JSON' }] },
      'order-events.dlq',
      new Date('2023-11-14T23:13:20Z'),
    );

    expect(text.split('\n')).toEqual([
      'id   age     reason                                           source             attempts  key      by',
      '0:9  60 min  MALFORMED_EVENT (the message value is not JSON)  order-events-2@31         -  order-1  notify',
      'skipped 2:0: not JSON',
    ]);
  });

  it('says when there is nothing', () => {
    expect(formatDeadLetters({ deadLetters: [], unreadable: [] }, 'order-events.dlq', new Date())).toBe(
      'No dead letters on order-events.dlq.',
    );
  });
});

describe('age', () => {
  it.each([
    [5, '5 s'],
    [600, '10 min'],
    [3 * 3600, '3 h'],
    [3 * 86_400, '3 d'],
  ])('%i s ago is %s', (seconds, text) => {
    expect(age(new Date(0), new Date(seconds * 1000))).toBe(text);
  });
});
