import type { ScheduledEvent } from 'aws-lambda';
import { RelayPendingEventsUseCase } from '../../../../src/orders/application/use-cases/relay-pending-events.use-case';
import { Money } from '../../../../src/orders/domain/money.value-object';
import { placeOrder } from '../../../../src/orders/domain/order.entity';
import { orderCreated } from '../../../../src/orders/domain/order-created';
import {
  EventBusUnavailableError,
  OrderStoreUnavailableError,
} from '../../../../src/orders/domain/order.errors';
import { handler } from '../../../../functions/orders/outbox-relay';
import { InMemoryOrderRepository, RecordingPublisher } from '../../fakes/in-memory';
import { readServerlessYml } from '../../../support/serverless-yml';
import { lambdaContext } from '../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../support/logs';

const mockOrders = new InMemoryOrderRepository();
const mockPublisher = new RecordingPublisher();
jest.mock('../../../../src/orders/orders.container', () => ({
  relayPendingEvents: () =>
    new RelayPendingEventsUseCase(
      mockOrders,
      mockPublisher,
      { now: () => new Date('2026-01-20T10:30:00.000Z') },
      { minPendingAgeMs: 30_000, pageSize: 100 },
    ),
}));

const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events' } as unknown as ScheduledEvent;
const run = () => handler(scheduled, lambdaContext('outboxRelay'));
let captured: CapturedLogs;
const lines = () => captured.lines;

function storePending(n: number, createdAt: string) {
  const order = placeOrder({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    customerId: '550e8400-e29b-41d4-a716-446655440000',
    total: Money.of('10.00'),
    createdAt: new Date(createdAt),
  });
  mockOrders.orders.set(order.id, {
    order,
    pendingEvent: orderCreated(order, 'ana.private@example.com', `10000000-0000-4000-8000-00000000000${n}`),
  });
}

beforeEach(() => {
  mockOrders.orders.clear();
  mockOrders.failFind = undefined;
  mockPublisher.published.length = 0;
  mockPublisher.failWith = undefined;
  captured = captureLogs();
});
afterEach(() => captured.restore());

describe('outbox-relay', () => {
  it('publishes what is due and logs one line with published, still failing and the oldest age', async () => {
    storePending(1, '2026-01-20T10:28:00.000Z');
    storePending(2, '2026-01-20T10:29:59.000Z');

    const summary = await run();

    expect(mockPublisher.published.map((event) => event.orderId)).toEqual([
      '00000000-0000-4000-8000-000000000001',
    ]);
    expect(summary).toEqual({
      due: 1,
      published: 1,
      stillFailing: 0,
      unmarked: 0,
      oldestPendingAgeMs: 120_000,
      more: false,
      durationMs: expect.any(Number),
    });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'outbox relay run',
        ...summary,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines())).not.toContain('ana.private');
  });

  it('logs a run with nothing due as such, its oldest age 0', async () => {
    const summary = await run();

    expect(summary).toMatchObject({ due: 0, published: 0, stillFailing: 0, oldestPendingAgeMs: 0 });
    expect(lines()).toEqual([expect.objectContaining({ level: 'INFO', oldestPendingAgeMs: 0 })]);
  });

  it('does not fail while the bus is down: it warns with what is still failing and why', async () => {
    storePending(1, '2026-01-20T10:00:00.000Z');
    mockPublisher.failWith = new EventBusUnavailableError('could not publish to order-events');

    const summary = await run();

    expect(summary).toMatchObject({ due: 1, published: 0, stillFailing: 1, oldestPendingAgeMs: 1_800_000 });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'outbox relay run',
        stillFailing: 1,
        error: expect.objectContaining({ name: 'EventBusUnavailableError' }),
      }),
    ]);
  });

  it('fails the run, logged, when the pending events cannot be read', async () => {
    mockOrders.failFind = new OrderStoreUnavailableError('the order store is unavailable');

    await expect(run()).rejects.toThrow(OrderStoreUnavailableError);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'outbox relay run failed',
        error: expect.anything(),
      }),
    ]);
  });
});

describe('outbox-relay in serverless.yml', () => {
  const config = readServerlessYml() as unknown as {
    custom: { outbox: { minPendingAgeMs: number } };
    functions: Record<string, { timeout?: number; events?: Array<{ schedule?: string }> }>;
  };

  it('leaves alone the orders create-order may still be publishing: younger than its timeout', () => {
    const createOrderTimeoutMs = config.functions.createOrder!.timeout! * 1000;

    expect(config.custom.outbox.minPendingAgeMs).toBeGreaterThan(createOrderTimeoutMs);
  });

  it('ends a run before the next one starts on AWS', () => {
    const relay = config.functions.outboxRelay!;

    expect(relay.events).toEqual([{ schedule: 'rate(1 minute)' }]);
    expect(relay.timeout! * 1000).toBeLessThan(60_000);
  });
});
