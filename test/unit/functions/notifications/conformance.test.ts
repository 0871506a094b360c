import { orderEventsConsumer } from '../../../../functions/notifications/order-events';
import type { KafkaEvent } from '../../../../functions/shared/kafka/kafka-event';
import { buildEvent } from '../../../../plugins/serverless-offline-kafka/src/event';
import type { InboundMessage } from '../../../../src/shared/application/inbound-message';
import { createLogger } from '../../../../src/shared/logger';
import { lambdaContext } from '../../../support/http-event';
import awsFailureRecord from '../../../fixtures/conformance/aws/kafka-failure-destination-record.json';
import awsMsk from '../../../fixtures/conformance/aws/msk-event.json';
import awsSelfManaged from '../../../fixtures/conformance/aws/self-managed-kafka-event.json';
import powertoolsAvro from '../../../fixtures/conformance/powertools/avro.json';
import powertoolsDefault from '../../../fixtures/conformance/powertools/default.json';
import powertoolsProtobuf from '../../../fixtures/conformance/powertools/protobuf.json';
import powertoolsGlue from '../../../fixtures/conformance/powertools/protobuf-complex.glue.json';

/**
 * notify's Kafka entry point against the golden payloads of test/fixtures/conformance and against the event
 * the local event source builds: every record reaches the use case with its bytes, headers and origin.
 */
interface GoldenRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key?: string | null;
  value?: string;
  headers: Array<Record<string, number[]>>;
}

function received(event: unknown): Promise<InboundMessage[]> {
  const messages: InboundMessage[] = [];
  const handler = orderEventsConsumer(
    () => ({
      execute: async (message: InboundMessage) => {
        messages.push(message);
        return { outcome: 'skipped', eventId: 'e', orderId: 'o', status: 'SENT' } as const;
      },
    }),
    createLogger('notification-service', 'order-events'),
  );
  return handler(structuredClone(event) as KafkaEvent, lambdaContext('notify')).then(() => messages);
}

/** What each record of a golden event should become: bytes decoded, headers as unsigned bytes. */
function expected(event: { records: Record<string, GoldenRecord[]> }): InboundMessage[] {
  const bytes = (base64: string | null | undefined) =>
    typeof base64 === 'string' ? Uint8Array.from(Buffer.from(base64, 'base64')) : null;
  return Object.values(event.records)
    .flat()
    .map((record) => ({
      key: bytes(record.key),
      value: bytes(record.value),
      headers: record.headers.flatMap((header) =>
        Object.entries(header).map(([name, values]) => ({
          name,
          value: Uint8Array.from(values, (b) => b & 0xff),
        })),
      ),
      origin: {
        topic: record.topic,
        partition: String(record.partition),
        offset: String(record.offset),
        timestamp: String(record.timestamp),
      },
    }));
}

const normalise = (messages: InboundMessage[]) =>
  messages.map((m) => ({
    ...m,
    key: m.key && Buffer.from(m.key),
    value: m.value && Buffer.from(m.value),
    headers: m.headers.map((h) => ({ name: h.name, value: Buffer.from(h.value) })),
  }));

describe('notify accepts the documented Kafka events', () => {
  it.each([
    ['AWS: the MSK example event', awsMsk],
    ['AWS: the self-managed Kafka example event', awsSelfManaged],
    ['AWS: the payload of the failure-destination record', awsFailureRecord.payload],
    ['Powertools: default (a missing and a null key)', powertoolsDefault],
    ['Powertools: avro', powertoolsAvro],
    ['Powertools: protobuf', powertoolsProtobuf],
    ['Powertools: protobuf with schema registry metadata', powertoolsGlue],
  ])('%s', async (_name, event) => {
    const messages = await received(event);

    expect(normalise(messages)).toEqual(
      normalise(expected(event as unknown as { records: Record<string, GoldenRecord[]> })),
    );
  });

  it('the event the local event source builds, signed header bytes and all', async () => {
    const event = buildEvent({ type: 'msk', arn: awsMsk.eventSourceArn }, 'localhost:9092', [
      {
        topic: 'order-events',
        partition: 2,
        message: {
          offset: '7',
          timestamp: '1700000000000',
          key: Buffer.from('order-1'),
          value: Buffer.from('{"eventType":"OrderCreated"}'),
          attributes: 0,
          headers: { 'x-accent': Buffer.from('hé') },
        },
      },
    ]);

    const [message] = await received(event);

    expect(Buffer.from(message!.key!).toString()).toBe('order-1');
    expect(Buffer.from(message!.value!).toString()).toBe('{"eventType":"OrderCreated"}');
    expect(message!.headers.map((h) => [h.name, Buffer.from(h.value).toString()])).toEqual([
      ['x-accent', 'hé'],
    ]);
    expect(message!.origin).toEqual({
      topic: 'order-events',
      partition: '2',
      offset: '7',
      timestamp: '1700000000000',
    });
  });
});
