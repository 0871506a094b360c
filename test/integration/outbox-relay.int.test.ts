import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { invoke, lambdaContext } from '../support/http-event';
import { closedUrl, type Handler } from './support/functions';
import { startOrderService, type OrderService } from './support/order-service';
import { endOffsets, readFrom, type ReadRecord } from './support/kafka';
import { mskEventOf } from './support/kafka-event';
import { eventually } from './support/wait';

/**
 * The outbox relay against the real broker and emulator. The orders table and topic are this test's own
 * (made from serverless.yml's definition), so the relay sees only the orders placed here: one accepted
 * while create-order could not reach Kafka, one published on time.
 */
const MIN_PENDING_AGE_MS = 1500;
let service: OrderService;
let documents: OrderService['documents'];
let ordersTable: string;
let topic: string;
let createOrderKafkaDown: Handler;
let createOrder: Handler;
let relay: Handler;
let notify: Handler;

beforeAll(async () => {
  service = await startOrderService('outbox-relay');
  ({ documents, ordersTable, topic } = service);
  createOrderKafkaDown = await service.start('createOrder', {
    ...service.ordersEnvironment,
    KAFKA_BROKERS: new URL(await closedUrl()).host,
    ORDER_EVENTS_PUBLISH_TIMEOUT_MS: '1500',
  });
  createOrder = await service.start('createOrder', service.ordersEnvironment);
  relay = await service.start('outboxRelay', {
    ORDERS_TABLE: ordersTable,
    ORDER_EVENTS_TOPIC: topic,
    OUTBOX_MIN_PENDING_AGE_MS: String(MIN_PENDING_AGE_MS),
  });
  notify = await service.start('notify');
});

afterAll(() => service.close());

const newUser = () => service.newUser();
const placeOrder = (handler: Handler, userId: string) =>
  invoke(handler, { routeKey: 'POST /api/orders', body: { userId, totalAmount: '42.00' } });
const runRelay = async () =>
  (await relay({} as never, lambdaContext('outboxRelay'))) as { due: number; published: number };
const item = async (id: string) =>
  (await documents.send(new GetCommand({ TableName: ordersTable, Key: { id }, ConsistentRead: true }))).Item!;
const recordCount = async () => [...(await endOffsets(topic)).values()].reduce((n, o) => n + Number(o), 0);
const emailsTo = async (address: string) =>
  (await readCapturedEmails()).filter((email) => email.to.includes(address));
const headersOf = (record: ReadRecord) =>
  Object.fromEntries(Object.entries(record.message.headers ?? {}).map(([k, v]) => [k, String(v)]));

describe('the outbox relay', () => {
  it('publishes an order accepted while Kafka was down, exactly as create-order would have, and the email follows; an order published on time is not published again', async () => {
    const [late, onTime] = [await newUser(), await newUser()];
    const accepted = await placeOrder(createOrderKafkaDown, late.id);
    const published = await placeOrder(createOrder, onTime.id);
    expect([accepted.status, published.status]).toEqual([201, 201]);
    const stored = await item(accepted.body.id);
    expect(stored).toHaveProperty('pendingEvent');
    expect(await recordCount()).toBe(1);
    // Only orders older than the minimum age are the relay's (the unit tests show it leaves younger ones).
    const age = Date.now() - Date.parse(accepted.body.createdAt as string);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_PENDING_AGE_MS - age + 100)));

    const summary = await runRelay();

    expect(summary).toMatchObject({ due: 1, published: 1, stillFailing: 0, unmarked: 0, more: false });
    const records = await readFrom(topic, new Map([0, 1, 2].map((p) => [p, '0'])), (r) => r.length === 2);
    const byKey = (id: string) => records.filter((r) => r.message.key?.toString() === id);
    const [relayed] = byKey(accepted.body.id);
    const [direct] = byKey(published.body.id);
    expect(byKey(accepted.body.id)).toHaveLength(1);
    expect(byKey(published.body.id)).toHaveLength(1);
    expect(relayed!.message.value!.toString()).toBe(stored.pendingEvent);
    const eventId = (JSON.parse(stored.pendingEvent as string) as { eventId: string }).eventId;
    expect(headersOf(relayed!)).toEqual({ ...headersOf(direct!), eventId });
    expect(await item(accepted.body.id)).toMatchObject({ eventPublishedAt: expect.any(String) });
    expect(await item(accepted.body.id)).not.toHaveProperty('pendingEvent');
    expect(await item(accepted.body.id)).not.toHaveProperty('pendingShard');

    expect(await runRelay()).toMatchObject({ due: 0, published: 0 });
    expect(await recordCount()).toBe(2);

    await notify(mskEventOf(topic, records) as never, lambdaContext('notify'));
    const [email, ...more] = await eventually('the email of the relayed order', async () => {
      const emails = await emailsTo(late.email);
      return emails.length > 0 ? emails : undefined;
    });
    expect(email!.subject).toMatch(/orden/i);
    expect(more).toEqual([]);
    expect(await emailsTo(onTime.email)).toHaveLength(1);
  });
});
