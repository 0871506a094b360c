import { fakeProducer } from '../../../fakes/kafka-producer';
import { KafkaDeadLetterPublisher } from '../../../../../src/shared/kafka/kafka-dead-letter.publisher';
import { DeadLetterUnavailableError } from '../../../../../src/shared/domain/domain-error';

const message = {
  key: Buffer.from('order-1'),
  value: Buffer.from('this is not JSON'),
  headers: [
    { name: 'content-type', value: Buffer.from('text/plain') },
    { name: 'trace', value: Buffer.from('a') },
    { name: 'trace', value: Buffer.from('b') },
    { name: 'dlq-reason', value: Buffer.from('FROM_AN_EARLIER_FAILURE') },
  ],
  origin: { topic: 'order-events', partition: '2', offset: '42', timestamp: '1768905000000' },
};
const reason = {
  code: 'MALFORMED_EVENT',
  message: 'the event is not valid JSON',
  at: new Date('2026-01-20T10:30:05.000Z'),
};

describe('KafkaDeadLetterPublisher', () => {
  it('writes the original key, value and headers, plus why, when, by whom and from where, fully acknowledged', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaDeadLetterPublisher(
      async () => producer,
      'order-events.dlq',
      'notification-service',
      5000,
    );

    await publisher.quarantine(message, reason);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: 'order-events.dlq', acks: -1 });
    const [record] = sent[0]!.messages;
    expect(record!.key).toEqual(Buffer.from('order-1'));
    expect(record!.value).toEqual(Buffer.from('this is not JSON'));
    expect(record!.headers).toEqual({
      'content-type': Buffer.from('text/plain'),
      trace: [Buffer.from('a'), Buffer.from('b')],
      'dlq-reason': 'MALFORMED_EVENT',
      'dlq-error': 'the event is not valid JSON',
      'dlq-failed-at': '2026-01-20T10:30:05.000Z',
      'dlq-consumer': 'notification-service',
      'dlq-source-topic': 'order-events',
      'dlq-source-partition': '2',
      'dlq-source-offset': '42',
      'dlq-source-timestamp': '1768905000000',
    });
  });

  it('names the offending field when there is one, and keeps a missing key missing', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaDeadLetterPublisher(
      async () => producer,
      'order-events.dlq',
      'notification-service',
      5000,
    );

    await publisher.quarantine(
      { ...message, key: null },
      { ...reason, code: 'SCHEMA_VIOLATION', field: 'currency' },
    );

    const [record] = sent[0]!.messages;
    expect(record!.key).toBeNull();
    expect(record!.headers).toMatchObject({ 'dlq-reason': 'SCHEMA_VIOLATION', 'dlq-field': 'currency' });
  });

  it('fails retriably when the broker does not take the record, or cannot be reached', async () => {
    const { producer } = fakeProducer(async () => {
      throw Object.assign(new Error('Request timed out'), { name: 'KafkaJSRequestTimeoutError' });
    });
    const refusing = new KafkaDeadLetterPublisher(
      async () => producer,
      'order-events.dlq',
      'notification-service',
      5000,
    );
    const unreachable = new KafkaDeadLetterPublisher(
      async () => Promise.reject(new Error('Connection error: ECONNREFUSED')),
      'order-events.dlq',
      'notification-service',
      5000,
    );

    await expect(refusing.quarantine(message, reason)).rejects.toBeInstanceOf(DeadLetterUnavailableError);
    await expect(unreachable.quarantine(message, reason)).rejects.toMatchObject({ retriable: true });
  });
});
