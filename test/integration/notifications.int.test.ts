/**
 * The notification flow against the real broker and emulator: records produced to a topic shaped like
 * order-events, read back from Kafka, handed to the handler in the shape Lambda's MSK event source uses.
 * The topic and the dead-letter topic are this run's own: the real ones are what `npm run dev` consumes.
 */

import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { IHeaders, Producer } from 'kafkajs';
import apiEvent from '../fixtures/events/http-get-order-notifications.json';
import { handler as getOrderNotifications } from '../../functions/notifications/get-order-notifications';
import { handler as consumeOrderEvents } from '../../functions/notifications/order-events';
import { dynamoDb } from '../../src/shared/aws/dynamodb-client';
import { ses } from '../../src/shared/aws/ses-client';
import { connectedProducer } from '../../src/shared/kafka/kafka-client';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { localKafka } from '../../scripts/infra/provision';
import type { OrderCreatedEvent } from '../../src/contracts/order-created/order-created.event';
import { newOrderCreated } from '../unit/fakes/order-events';
import { useFunctionEnvironment } from './support/function-environment';
import { endOffsets, readFrom, type ReadRecord } from './support/kafka';
import { mskEventOf } from './support/kafka-event';
import { createTopic, deleteTopics } from './support/topics';
import { eventually } from './support/wait';
import { lambdaContext } from '../support/http-event';

const SENDER = 'no-reply@orders.local';
let ORDER_EVENTS: string;
let DLQ: string;

const orderCreated = () =>
  newOrderCreated(
    {
      totalAmount: '1234.50',
      description: 'Dos libros <y> un "cuaderno"',
      createdAt: new Date().toISOString(),
    },
    'notify',
  );
type OrderCreated = OrderCreatedEvent;

const headersOf = (event: OrderCreated): IHeaders => ({
  eventType: 'OrderCreated',
  eventId: event.eventId,
  schemaVersion: '1',
  'content-type': 'application/json',
});

describe('notification flow (order-events → email)', () => {
  let producer: Producer;

  beforeAll(async () => {
    ORDER_EVENTS = await createTopic('order-events-test');
    DLQ = await createTopic('order-events.dlq-test');
    process.env.ORDER_EVENTS_DLQ_TOPIC = DLQ;
    useFunctionEnvironment('notify');
    producer = localKafka('notify-test-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await (await connectedProducer()).disconnect();
    dynamoDb().destroy();
    ses().destroy();
    await deleteTopics(ORDER_EVENTS, DLQ);
  });

  /** Produces the messages, then reads exactly those back from the topic, as the event source would. */
  async function produceAndRead(
    messages: { key: string; value: string; headers?: IHeaders }[],
  ): Promise<ReadRecord[]> {
    const from = await endOffsets(ORDER_EVENTS);
    await producer.send({ topic: ORDER_EVENTS, acks: -1, messages });
    const keys = new Set(messages.map((m) => m.key));
    const ours = (records: ReadRecord[]) => records.filter((r) => keys.has(r.message.key?.toString() ?? ''));
    return ours(await readFrom(ORDER_EVENTS, from, (all) => ours(all).length === messages.length));
  }

  const emailsTo = async (recipient: string) =>
    (await readCapturedEmails()).filter((e) => e.to.includes(recipient));

  it('emails the customer of an OrderCreated record, and the read side shows it SENT', async () => {
    const event = orderCreated();
    const records = await produceAndRead([
      { key: event.orderId, value: JSON.stringify(event), headers: headersOf(event) },
    ]);

    expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('notify'))).toEqual({
      batchItemFailures: [],
    });

    const [email, ...others] = await emailsTo(event.customerEmail);
    expect(others).toHaveLength(0);
    expect(email).toMatchObject({
      from: SENDER,
      to: [event.customerEmail],
      subject: '📦 Tu orden ha sido creada!',
    });
    expect(email!.text).toContain(`Hemos recibido tu orden ${event.orderId}.`);
    expect(email!.text).toContain('Importe: 1234,50\u00a0€');
    expect(email!.text).toContain('Descripción: Dos libros <y> un "cuaderno"');
    expect(email!.html).toContain('Dos libros &#60;y&#62; un &#34;cuaderno&#34;');

    // The byOrder index is eventually consistent: poll until the notification shows up.
    const body = await eventually('the notification on the read side', async () => {
      const response = (await getOrderNotifications(
        { ...apiEvent, pathParameters: { id: event.orderId } } as unknown as APIGatewayProxyEventV2,
        { awsRequestId: randomUUID() } as Context,
      )) as APIGatewayProxyStructuredResultV2;
      const parsed = JSON.parse(response.body as string);
      return parsed.notifications?.length ? parsed : undefined;
    });
    expect(body).toMatchObject({
      orderId: event.orderId,
      notifications: [{ eventId: event.eventId, channel: 'EMAIL', status: 'SENT', attempts: 1 }],
    });
  });

  it('sends one email when the same batch is delivered twice, and for a producer retry at a new offset', async () => {
    const event = orderCreated();
    const record = { key: event.orderId, value: JSON.stringify(event), headers: headersOf(event) };
    // The same event twice on the topic: what a producer retry after a lost acknowledgement leaves behind.
    const records = await produceAndRead([record, record]);
    expect(new Set(records.map((r) => r.offset)).size).toBe(2);

    expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('notify'))).toEqual({
      batchItemFailures: [],
    });
    expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('notify'))).toEqual({
      batchItemFailures: [],
    });

    expect(await emailsTo(event.customerEmail)).toHaveLength(1);
  });

  it('sets a poison record aside on the dead-letter topic, intact and with why, and processes the next one', async () => {
    const event = orderCreated();
    const dlqFrom = await endOffsets(DLQ);
    // Same key: both records land in one partition, the poison one first.
    const records = await produceAndRead([
      {
        key: event.orderId,
        value: '{"eventType":"OrderCreated", this is not JSON',
        headers: { source: 'test' },
      },
      { key: event.orderId, value: JSON.stringify(event), headers: headersOf(event) },
    ]);
    const poison = records.find((r) => !r.message.value!.toString().startsWith('{"schemaVersion"'))!;

    expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('notify'))).toEqual({
      batchItemFailures: [],
    });

    const [dead] = await readFrom(DLQ, dlqFrom, (all) =>
      all.some((r) => r.message.key?.toString() === event.orderId),
    ).then((all) => all.filter((r) => r.message.key?.toString() === event.orderId));
    expect(dead!.message.value!.toString()).toBe('{"eventType":"OrderCreated", this is not JSON');
    const headers = Object.fromEntries(
      Object.entries(dead!.message.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    expect(headers).toMatchObject({
      source: 'test',
      'dlq-reason': 'MALFORMED_EVENT',
      'dlq-error': 'the event is not valid JSON',
      'dlq-consumer': 'notification-service',
      'dlq-source-topic': ORDER_EVENTS,
      'dlq-source-partition': String(poison.partition),
      'dlq-source-offset': poison.offset,
    });
    expect(new Date(headers['dlq-failed-at']!).getTime()).not.toBeNaN();

    expect(await emailsTo(event.customerEmail)).toHaveLength(1);
  });
});
