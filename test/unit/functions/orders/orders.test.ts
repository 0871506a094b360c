import { CreateOrderUseCase } from '../../../../src/orders/application/use-cases/create-order.use-case';
import { GetOrderUseCase } from '../../../../src/orders/application/use-cases/get-order.use-case';
import {
  EventBusUnavailableError,
  UserDirectoryUnavailableError,
} from '../../../../src/orders/domain/order.errors';
import { handler as createOrderHandler } from '../../../../functions/orders/create-order';
import { handler as getOrderHandler } from '../../../../functions/orders/get-order';
import { documentedRequest, expectDocumented } from '../../../support/contracts';
import {
  FakeUserDirectory,
  fixedClock,
  InMemoryOrderRepository,
  RecordingPublisher,
  sequentialIds,
} from '../../fakes/in-memory';
import { invoke } from '../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../support/logs';
import { InMemoryIdempotencyStore } from '../../fakes/idempotency-store';

const mockOrders = new InMemoryOrderRepository();
const mockDirectory = new FakeUserDirectory();
const mockPublisher = new RecordingPublisher();
const mockIdempotency = new InMemoryIdempotencyStore();
jest.mock('../../../../src/orders/orders.container', () => ({
  createOrderIdempotencyStore: () => mockIdempotency,
  createOrder: () =>
    new CreateOrderUseCase(mockOrders, mockDirectory, mockPublisher, fixedClock(), sequentialIds()),
  getOrder: () => new GetOrderUseCase(mockOrders),
}));

const customer = { id: '550e8400-e29b-41d4-a716-446655440000', email: 'ana.private@example.com' };
const createOrder = (body: unknown, headers?: Record<string, string>) =>
  invoke(createOrderHandler, { routeKey: 'POST /api/orders', body, headers });
const getOrder = (id: string) =>
  invoke(getOrderHandler, { routeKey: 'GET /api/orders/{id}', pathParameters: { id } });
let captured: CapturedLogs;

beforeEach(() => {
  mockOrders.orders.clear();
  mockDirectory.customers.set(customer.id, customer);
  mockDirectory.failWith = undefined;
  mockDirectory.asked.length = 0;
  mockPublisher.failWith = undefined;
  mockPublisher.published.length = 0;
  mockIdempotency.records.clear();
  captured = captureLogs();
});
afterEach(() => captured.restore());

describe('POST /api/orders', () => {
  it('answers 201 with the PENDING order and its Location, logging ids but not the email', async () => {
    const { result, status, headers, body } = await createOrder({
      userId: customer.id,
      totalAmount: 99.99,
      description: 'Two books',
    });

    expect(status).toBe(201);
    expect(body).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      userId: customer.id,
      status: 'PENDING',
      totalAmount: '99.99',
      currency: 'EUR',
      description: 'Two books',
      createdAt: '2026-01-20T10:30:00.000Z',
    });
    expect(headers.location).toBe(`/api/orders/${body.id}`);
    expect(headers['server-timing']).toMatch(/^total;dur=\d+\.\d$/);
    expectDocumented({ operation: 'POST /api/orders' }, result);
    // API Gateway's requestContext.timeEpoch: when the request arrived, the start of its timeline.
    expect(mockOrders.orders.get(body.id)?.requestReceivedAt).toEqual(new Date(1583817383220));
    expect(captured.lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'order created',
        orderId: body.id,
        stagesMs: { total: expect.any(Number) },
      }),
    ]);
    expect(captured.raw.join('\n')).not.toContain(customer.email);
  });

  it('answers 201 when Kafka is down and logs that the event is pending', async () => {
    mockPublisher.failWith = new EventBusUnavailableError('could not publish to order-events');

    const { status, body } = await createOrder({ userId: customer.id, totalAmount: '10' });

    expect(status).toBe(201);
    expect(mockOrders.orders.get(body.id)?.pendingEvent).toMatchObject({ orderId: body.id });
    expect(captured.lines.at(-1)).toMatchObject({
      level: 'WARN',
      message: 'order created, event delivery incomplete',
      orderId: body.id,
      eventPublished: false,
      error: { name: 'EventBusUnavailableError', message: 'could not publish to order-events' },
    });
    expect(captured.raw.join('\n')).not.toContain(customer.email);
  });

  it.each([
    ['a text body', 'x', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE', undefined],
    ['JSON null', 'null', undefined, 400, 'INVALID_BODY', undefined],
    ['a missing userId', { totalAmount: 1 }, undefined, 400, 'MISSING_FIELD', 'userId'],
    ['a missing amount', { userId: customer.id }, undefined, 400, 'MISSING_FIELD', 'totalAmount'],
    [
      'a boolean amount',
      { userId: customer.id, totalAmount: true },
      undefined,
      400,
      'INVALID_TYPE',
      'totalAmount',
    ],
    ['a numeric userId', { userId: 42, totalAmount: 1 }, undefined, 400, 'INVALID_TYPE', 'userId'],
    [
      'a null currency',
      { userId: customer.id, totalAmount: 1, currency: null },
      undefined,
      400,
      'INVALID_TYPE',
      'currency',
    ],
    [
      'a misspelt field',
      { userId: customer.id, totalAmmount: 1 },
      undefined,
      400,
      'UNKNOWN_FIELD',
      'totalAmmount',
    ],
    [
      'a userId that is not a UUID',
      { userId: 'user-1', totalAmount: 1 },
      undefined,
      400,
      'INVALID_ID',
      'userId',
    ],
    [
      'a negative amount',
      { userId: customer.id, totalAmount: -5 },
      undefined,
      400,
      'INVALID_AMOUNT',
      'totalAmount',
    ],
    [
      'a zero amount',
      { userId: customer.id, totalAmount: 0 },
      undefined,
      400,
      'INVALID_AMOUNT',
      'totalAmount',
    ],
    [
      'three decimals',
      { userId: customer.id, totalAmount: '1.005' },
      undefined,
      400,
      'INVALID_AMOUNT',
      'totalAmount',
    ],
    [
      'an amount past the bound',
      { userId: customer.id, totalAmount: 1e9 },
      undefined,
      400,
      'INVALID_AMOUNT',
      'totalAmount',
    ],
    ['"NaN"', { userId: customer.id, totalAmount: 'NaN' }, undefined, 400, 'INVALID_AMOUNT', 'totalAmount'],
    [
      'an unknown currency',
      { userId: customer.id, totalAmount: 1, currency: 'ABC' },
      undefined,
      400,
      'INVALID_CURRENCY',
      'currency',
    ],
    [
      'a 600-character description',
      { userId: customer.id, totalAmount: 1, description: 'x'.repeat(600) },
      undefined,
      400,
      'INVALID_DESCRIPTION',
      'description',
    ],
    [
      'half of a surrogate pair in the description',
      `{"userId": "${customer.id}", "totalAmount": 1, "description": "\\udc00 books"}`,
      undefined,
      400,
      'INVALID_DESCRIPTION',
      'description',
    ],
    ['a JSON false', 'false', undefined, 400, 'INVALID_BODY', undefined],
  ])(
    'refuses %s without asking user-service',
    async (_, requestBody, headers, expectedStatus, code, field) => {
      const { result, status, body } = await createOrder(requestBody, headers);

      expect(status).toBe(expectedStatus);
      expect(body.error).toEqual({ code, message: expect.any(String), ...(field ? { field } : {}) });
      expect(mockDirectory.asked).toEqual([]);
      expectDocumented({ operation: 'POST /api/orders' }, result);
    },
  );

  // docs/openapi.yaml must not let through what the code refuses, nor refuse what it takes. One rule it
  // cannot state is in its prose only: a JSON number with more than two decimals (0.001).
  it.each([
    ['the amount "0"', '0'],
    ['the amount "0.00"', '0.00'],
    ['the amount "0.01"', '0.01'],
    ['the amount "0.5"', '0.5'],
    ['the amount "99.99"', '99.99'],
    ['the amount "1000000"', '1000000'],
    ['the amount "1000000.00"', '1000000.00'],
    ['the amount "1000000.01"', '1000000.01'],
    ['the amount "1000001"', '1000001'],
    ['the amount "01.50"', '01.50'],
    ['the amount "1.234"', '1.234'],
    ['the amount "-1"', '-1'],
    ['the amount "1e3"', '1e3'],
    ['the amount 0', 0],
    ['the amount 5e-324', 5e-324],
    ['the amount 0.01', 0.01],
    ['the amount 99.99', 99.99],
    ['the amount 1000000', 1000000],
    ['the amount 1000000.01', 1000000.01],
    ['the amount -5', -5],
  ])('docs/openapi.yaml and the code agree on %s', async (_, totalAmount) => {
    const requestBody = { userId: customer.id, totalAmount };

    const { status } = await createOrder(requestBody);

    expect(documentedRequest('POST /api/orders', requestBody)).toBe(status === 201);
  });

  it.each([
    ['a plain description', 'Dos libros', undefined],
    ['a description with line breaks and tabs', 'Dos libros:\n\t- uno\r\n\t- otro', undefined],
    ['a description of 500 characters', 'x'.repeat(500), undefined],
    ['a description of 501 characters', 'x'.repeat(501), undefined],
    ['a bell in the description', 'Dos libros\u0007', undefined],
    ['a C1 control in the description', 'Dos libros\u009f', undefined],
    ['an upper-case currency', undefined, 'USD'],
    ['a lower-case currency', undefined, 'usd'],
  ])(
    'docs/openapi.yaml and the code agree on %s',
    async (_, description: string | undefined, currency: string | undefined) => {
      const requestBody = {
        userId: customer.id.toUpperCase(),
        totalAmount: '10.00',
        ...(description === undefined ? {} : { description }),
        ...(currency === undefined ? {} : { currency }),
      };

      const { status } = await createOrder(requestBody);

      expect(documentedRequest('POST /api/orders', requestBody)).toBe(status === 201);
    },
  );

  it('answers 422 naming userId for a user user-service does not know', async () => {
    const { result, status, body } = await createOrder({
      userId: '6f1c8c1e-0000-4000-8000-000000000000',
      totalAmount: 1,
    });

    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'USER_NOT_FOUND', field: 'userId' });
    expect(mockOrders.orders.size).toBe(0);
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('answers 503 with Retry-After when user-service is unavailable, storing nothing', async () => {
    mockDirectory.failWith = new UserDirectoryUnavailableError('user-service timed out');

    const { result, status, headers, body } = await createOrder({ userId: customer.id, totalAmount: 1 });

    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expect(body.error.code).toBe('USER_SERVICE_UNAVAILABLE');
    expect(mockOrders.orders.size).toBe(0);
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });
});

describe('POST /api/orders with an Idempotency-Key', () => {
  const order = { userId: customer.id, totalAmount: '25.00', description: 'Two books' };

  it('answers a retry with the first answer, same status, body and Location, and creates nothing', async () => {
    const first = await createOrder(order, { 'idempotency-key': 'order-key-1' });
    const retry = await createOrder(
      { description: 'Two books', totalAmount: '25.00', userId: customer.id },
      {
        'Idempotency-Key': 'order-key-1',
      },
    );

    expect(first.status).toBe(201);
    expect([retry.status, retry.body, retry.headers.location]).toEqual([
      201,
      first.body,
      first.headers.location,
    ]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(mockPublisher.published).toHaveLength(1);
    expect(mockDirectory.asked).toHaveLength(1);
    expectDocumented({ operation: 'POST /api/orders' }, retry.result);
  });

  it('answers 422 naming the header when the key comes back with another body', async () => {
    await createOrder(order, { 'idempotency-key': 'order-key-2' });

    const { result, status, body } = await createOrder(
      { ...order, totalAmount: '26.00' },
      { 'idempotency-key': 'order-key-2' },
    );

    expect([status, body.error.code, body.error.field]).toEqual([
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key',
    ]);
    expect(mockPublisher.published).toHaveLength(1);
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('answers a retry after the first answer was lost with that same order, publishing its event once', async () => {
    // The first run stored the order and left its event pending; its answer was never recorded (the
    // process died, or its in-progress claim ran out), so the retry runs the handler again.
    mockPublisher.failWith = new EventBusUnavailableError('broker unreachable');
    const first = await createOrder(order, { 'idempotency-key': 'order-key-4' });
    mockPublisher.failWith = undefined;
    mockIdempotency.records.clear();

    const retry = await createOrder(order, { 'idempotency-key': 'order-key-4' });

    expect(first.status).toBe(201);
    expect([retry.status, retry.body, retry.headers.location]).toEqual([
      201,
      first.body,
      first.headers.location,
    ]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(mockOrders.orders.size).toBe(1);
    expect(mockPublisher.published).toEqual([expect.objectContaining({ orderId: first.body.id })]);
    expect(mockOrders.orders.get(first.body.id)?.pendingEvent).toBeUndefined();
    expect(captured.lines).toContainEqual(
      expect.objectContaining({ message: 'order placed before, answered again', orderId: first.body.id }),
    );
    expectDocumented({ operation: 'POST /api/orders' }, retry.result);
  });

  it('answers 422 naming the header when a key whose answer was lost comes back with another body', async () => {
    await createOrder(order, { 'idempotency-key': 'order-key-5' });
    mockIdempotency.records.clear();

    const { result, status, body } = await createOrder(
      { ...order, description: 'Three books' },
      { 'idempotency-key': 'order-key-5' },
    );

    expect([status, body.error.code, body.error.field]).toEqual([
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key',
    ]);
    expect(mockOrders.orders.size).toBe(1);
    expect(mockPublisher.published).toHaveLength(1);
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('answers 400 naming the header for a key it cannot take, before anything else', async () => {
    const { result, status, body } = await createOrder(order, { 'idempotency-key': 'two words' });

    expect([status, body.error.code, body.error.field]).toEqual([
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key',
    ]);
    expect(mockDirectory.asked).toEqual([]);
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('lets a request that failed be retried with its key', async () => {
    mockDirectory.failWith = new UserDirectoryUnavailableError('user-service timed out');
    const failed = await createOrder(order, { 'idempotency-key': 'order-key-3' });
    mockDirectory.failWith = undefined;

    const retried = await createOrder(order, { 'idempotency-key': 'order-key-3' });

    expect([failed.status, retried.status]).toEqual([503, 201]);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('GET /api/orders/{id}', () => {
  it('answers 200 with the order as it was created', async () => {
    const created = await createOrder({ userId: customer.id, totalAmount: '12.50', currency: 'GBP' });

    const { result, status, body } = await getOrder(created.body.id);

    expect(status).toBe(200);
    expect(body).toEqual(created.body);
    expectDocumented({ operation: 'GET /api/orders/{id}' }, result);
  });

  it('answers 404 for an unknown order', async () => {
    const { result, status, body } = await getOrder('6f1c8c1e-0000-4000-8000-000000000000');

    expect([status, body.error.code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expectDocumented({ operation: 'GET /api/orders/{id}' }, result);
  });
});
