import { randomUUID } from 'node:crypto';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { expectDocumented } from '../support/contracts';
import { invoke, lambdaContext } from '../support/http-event';
import { functionEnvironment } from './support/function-environment';
import { type Handler } from './support/functions';
import { startOrderService, type OrderService } from './support/order-service';
import { readFrom } from './support/kafka';
import { mskEventOf } from './support/kafka-event';
import { eventually } from './support/wait';

/**
 * Idempotency-Key on POST /api/orders against the real emulator (conditional writes, the TTL setting) and
 * broker. The orders table and topic are this test's own, so what it counts is only what it placed; the
 * keys live in the system's idempotency table, each test with keys of its own.
 */
const idempotencyTable = functionEnvironment('createOrder').IDEMPOTENCY_TABLE!;
let service: OrderService;
let raw: OrderService['raw'];
let documents: OrderService['documents'];
let ordersTable: string;
let topic: string;
/** Five create-order containers, as five Lambda instances taking the same retry at once would be. */
let createOrders: Handler[];
let notify: Handler;

beforeAll(async () => {
  service = await startOrderService('idempotency');
  ({ raw, documents, ordersTable, topic } = service);
  createOrders = [];
  for (let i = 0; i < 5; i++)
    createOrders.push(await service.start('createOrder', service.ordersEnvironment));
  notify = await service.start('notify');
});

afterAll(() => service.close());

const newUser = () => service.newUser();
const post = (handler: Handler, body: unknown, key: string) =>
  invoke(handler, { routeKey: 'POST /api/orders', body, headers: { 'idempotency-key': key } });
const ordersOf = async (userId: string) =>
  (
    (await documents.send(new ScanCommand({ TableName: ordersTable, ConsistentRead: true }))).Items ?? []
  ).filter((item) => item.customerId === userId);

describe('POST /api/orders with an Idempotency-Key', () => {
  it('places one order and sends one email for five identical requests sent at once', async () => {
    const user = await newUser();
    const key = randomUUID();
    const body = { userId: user.id, totalAmount: '30.00', description: 'Sent five times' };

    const answers = await Promise.all(createOrders.map((handler) => post(handler, body, key)));

    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(5);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const answer of busy) {
      expect(answer.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', field: 'Idempotency-Key' });
      expectDocumented({ operation: 'POST /api/orders' }, answer.result);
    }
    const orders = await ordersOf(user.id);
    expect(orders.map((order) => order.id)).toEqual([created[0]!.body.id]);

    const records = await readFrom(topic, new Map([0, 1, 2].map((p) => [p, '0'])), (r) =>
      r.some((record) => record.message.key?.toString() === orders[0]!.id),
    );
    const ours = records.filter((record) => record.message.key?.toString() === orders[0]!.id);
    expect(ours).toHaveLength(1);
    await notify(mskEventOf(topic, ours) as never, lambdaContext('notify'));
    const emails = await eventually('the email', async () => {
      const found = (await readCapturedEmails()).filter((email) => email.to.includes(user.email));
      return found.length > 0 ? found : undefined;
    });
    expect(emails).toHaveLength(1);
  });

  it('answers a sequential retry with the first answer, same status and body, and remembers the key 24 h', async () => {
    const user = await newUser();
    const key = randomUUID();
    const body = { userId: user.id, totalAmount: '12.50' };
    const [first, second] = createOrders as [Handler, Handler];

    const original = await post(first, body, key);
    const retry = await post(second, { totalAmount: '12.50', userId: user.id }, key);
    const reused = await post(second, { ...body, totalAmount: '13.00' }, key);
    const isOurs = (record: { message: { key: Buffer | null } }) =>
      record.message.key?.toString() === original.body.id;

    expect(original.status).toBe(201);
    expect([retry.status, retry.body, retry.headers.location]).toEqual([
      201,
      original.body,
      original.headers.location,
    ]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expectDocumented({ operation: 'POST /api/orders' }, retry.result);
    expect([reused.status, reused.body.error]).toEqual([
      422,
      {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'this Idempotency-Key was already used with a different body',
        field: 'Idempotency-Key',
      },
    ]);
    expect(await ordersOf(user.id)).toHaveLength(1);
    const ours = (
      await readFrom(topic, new Map([0, 1, 2].map((p) => [p, '0'])), (r) => r.some(isOurs))
    ).filter(isOurs);
    expect(ours).toHaveLength(1);

    const records = (
      await documents.send(new ScanCommand({ TableName: idempotencyTable, ConsistentRead: true }))
    ).Items!.filter((item) => JSON.stringify(item.data ?? '').includes(original.body.id as string));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: 'COMPLETED',
      id: expect.stringMatching(/^POST \/api\/orders#/),
    });
    const ttlSeconds = (records[0]!.expiration as number) - Date.now() / 1000;
    expect(ttlSeconds).toBeGreaterThan(24 * 3600 - 120);
    // Powertools rounds the expiry to the nearest second: up to half a second past 24 h.
    expect(ttlSeconds).toBeLessThanOrEqual(24 * 3600 + 0.5);
    const { TimeToLiveDescription } = await raw.send(
      new DescribeTimeToLiveCommand({ TableName: idempotencyTable }),
    );
    expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
  });

  it('finds the order a key placed when its answer was never recorded, and places no second one', async () => {
    const user = await newUser();
    const key = randomUUID();
    const body = { userId: user.id, totalAmount: '41.00', description: 'Answer lost' };
    const [first, second] = createOrders as [Handler, Handler];
    const original = await post(first, body, key);
    // As when the first run died before recording its answer and its claim ran out: no record for the key.
    const record = (
      await documents.send(new ScanCommand({ TableName: idempotencyTable, ConsistentRead: true }))
    ).Items!.find((item) => JSON.stringify(item.data ?? '').includes(original.body.id as string))!;
    await documents.send(new DeleteCommand({ TableName: idempotencyTable, Key: { id: record.id } }));

    const retry = await post(second, body, key);
    await documents.send(new DeleteCommand({ TableName: idempotencyTable, Key: { id: record.id } }));
    const reused = await post(second, { ...body, description: 'Another order' }, key);

    expect(original.status).toBe(201);
    expect([retry.status, retry.body, retry.headers.location, retry.headers['idempotent-replayed']]).toEqual([
      201,
      original.body,
      original.headers.location,
      'true',
    ]);
    expectDocumented({ operation: 'POST /api/orders' }, retry.result);
    expect([reused.status, reused.body.error?.code, reused.body.error?.field]).toEqual([
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key',
    ]);
    const orders = await ordersOf(user.id);
    expect(orders.map((order) => [order.id, order.description])).toEqual([[original.body.id, 'Answer lost']]);
    const isOurs = (r: { message: { key: Buffer | null } }) => r.message.key?.toString() === original.body.id;
    const ours = (
      await readFrom(topic, new Map([0, 1, 2].map((p) => [p, '0'])), (r) => r.some(isOurs))
    ).filter(isOurs);
    expect(ours).toHaveLength(1);
  });
});
