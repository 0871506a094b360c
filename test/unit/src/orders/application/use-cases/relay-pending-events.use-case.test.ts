import { RelayPendingEventsUseCase } from '../../../../../../src/orders/application/use-cases/relay-pending-events.use-case';
import type {
  OrderEventPublisherPort,
  PublishedEvent,
} from '../../../../../../src/orders/application/ports/order-event.publisher.port';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import { placeOrder } from '../../../../../../src/orders/domain/order.entity';
import { orderCreated } from '../../../../../../src/orders/domain/order-created';
import {
  EventBusUnavailableError,
  OrderStoreUnavailableError,
} from '../../../../../../src/orders/domain/order.errors';
import type { OrderCreatedEvent } from '../../../../../../src/contracts/order-created/order-created.event';
import type { ClockPort } from '../../../../../../src/shared/application/clock.port';
import { InMemoryOrderRepository } from '../../../../fakes/in-memory';

const NOW = Date.parse('2026-01-20T10:30:00.000Z');
const settings = { minPendingAgeMs: 30_000, pageSize: 10 };
const farDeadline = { deadline: new Date(NOW + 60_000) };

/** A clock that reads `now`, which a test may move. */
function movableClock(start = NOW): ClockPort & { now(): Date; set(ms: number): void } {
  let current = start;
  return { now: () => new Date(current), set: (ms) => (current = ms) };
}

/** A publisher that answers each publish as `answer` says, recording what it was asked. */
class ScriptedPublisher implements OrderEventPublisherPort {
  readonly attempted: OrderCreatedEvent[] = [];
  constructor(private readonly answer: (event: OrderCreatedEvent, attempt: number) => Promise<void>) {}
  async publish(event: OrderCreatedEvent): Promise<PublishedEvent> {
    this.attempted.push(event);
    await this.answer(event, this.attempted.length);
    return { partition: 0, offset: this.attempted.length - 1, timestamp: new Date(NOW) };
  }
}
const accepting = () => new ScriptedPublisher(async () => undefined);

/** An order stored `ageMs` before NOW whose event is still pending. */
function pendingOrder(orders: InMemoryOrderRepository, n: number, ageMs: number): OrderCreatedEvent {
  const order = placeOrder({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    customerId: '550e8400-e29b-41d4-a716-446655440000',
    total: Money.of('10.00'),
    createdAt: new Date(NOW - ageMs),
  });
  const event = orderCreated(
    order,
    'ana@example.com',
    `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  );
  orders.orders.set(order.id, { order, pendingEvent: event });
  return event;
}

describe('RelayPendingEventsUseCase', () => {
  it('publishes each pending event older than the cutoff as stored, oldest first, and marks it published', async () => {
    const orders = new InMemoryOrderRepository();
    const newer = pendingOrder(orders, 1, 40_000);
    const older = pendingOrder(orders, 2, 90_000);
    const publisher = accepting();
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    const report = await relay.execute(farDeadline);

    expect(publisher.attempted).toEqual([older, newer]);
    expect(orders.orders.get(older.orderId)).toEqual({
      order: expect.anything(),
      eventId: older.eventId,
      publishedAt: new Date(NOW),
      // Where the bus stored it, as create-order records it: the order's timeline shows it either way.
      where: { partition: 0, offset: 0, timestamp: new Date(NOW) },
    });
    expect(orders.orders.get(newer.orderId)!.pendingEvent).toBeUndefined();
    expect(report).toEqual({
      due: 2,
      published: 2,
      stillFailing: 0,
      unmarked: 0,
      oldestPendingAgeMs: 90_000,
      more: false,
    });
  });

  it('leaves alone the events of orders younger than the minimum age: create-order may still publish them', async () => {
    const orders = new InMemoryOrderRepository();
    pendingOrder(orders, 1, 29_999);
    const publisher = accepting();
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    const report = await relay.execute(farDeadline);

    expect(publisher.attempted).toEqual([]);
    expect(report).toMatchObject({ due: 0, published: 0, stillFailing: 0, oldestPendingAgeMs: undefined });
  });

  it('never touches an order whose event was published on time', async () => {
    const orders = new InMemoryOrderRepository();
    const event = pendingOrder(orders, 1, 120_000);
    await orders.markEventPublished(event.orderId, event.eventId, new Date(NOW - 119_990), {
      partition: 0,
      offset: 0,
      timestamp: new Date(NOW - 119_995),
    });
    const publisher = accepting();
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    await relay.execute(farDeadline);

    expect(publisher.attempted).toEqual([]);
  });

  it('stops at the first failure of the bus and keeps every event pending for the next run', async () => {
    const orders = new InMemoryOrderRepository();
    const events = [
      pendingOrder(orders, 1, 300_000),
      pendingOrder(orders, 2, 200_000),
      pendingOrder(orders, 3, 100_000),
    ];
    const down = new EventBusUnavailableError('no broker');
    const publisher = new ScriptedPublisher(async (_, attempt) => {
      if (attempt >= 2) throw down;
    });
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    const report = await relay.execute(farDeadline);

    expect(publisher.attempted).toEqual(events.slice(0, 2));
    expect(orders.orders.get(events[0]!.orderId)!.pendingEvent).toBeUndefined();
    expect(orders.orders.get(events[1]!.orderId)!.pendingEvent).toEqual(events[1]);
    expect(orders.orders.get(events[2]!.orderId)!.pendingEvent).toEqual(events[2]);
    expect(report).toEqual({
      due: 3,
      published: 1,
      stillFailing: 2,
      unmarked: 0,
      oldestPendingAgeMs: 300_000,
      more: false,
      problem: down,
    });
  });

  it('counts an event published but not marked, which a later run publishes again for consumers to drop', async () => {
    const orders = new InMemoryOrderRepository();
    const event = pendingOrder(orders, 1, 60_000);
    orders.failMark = new OrderStoreUnavailableError('store down');
    const relay = new RelayPendingEventsUseCase(orders, accepting(), movableClock(), settings);

    const report = await relay.execute(farDeadline);

    expect(report).toMatchObject({ published: 1, stillFailing: 0, unmarked: 1 });
    expect(orders.orders.get(event.orderId)!.pendingEvent).toEqual(event);
  });

  it('takes at most a page per run and says more are pending', async () => {
    const orders = new InMemoryOrderRepository();
    for (let n = 1; n <= 5; n++) pendingOrder(orders, n, 60_000 + n);
    const publisher = accepting();
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), {
      ...settings,
      pageSize: 3,
    });

    const report = await relay.execute(farDeadline);

    expect(publisher.attempted.map((e) => e.orderId.slice(-1))).toEqual(['5', '4', '3']);
    expect(report).toMatchObject({ due: 3, published: 3, more: true });
  });

  it('starts no publication once the deadline has passed', async () => {
    const orders = new InMemoryOrderRepository();
    pendingOrder(orders, 1, 60_000);
    pendingOrder(orders, 2, 50_000);
    const clock = movableClock();
    const publisher = new ScriptedPublisher(async () => clock.set(NOW + 5_000));
    const relay = new RelayPendingEventsUseCase(orders, publisher, clock, settings);

    const report = await relay.execute({ deadline: new Date(NOW + 5_000) });

    expect(publisher.attempted).toHaveLength(1);
    expect(report).toMatchObject({ due: 2, published: 1, stillFailing: 1 });
  });

  it('lets a bug surface instead of counting it as a delivery problem', async () => {
    const orders = new InMemoryOrderRepository();
    pendingOrder(orders, 1, 60_000);
    const publisher = new ScriptedPublisher(async () => {
      throw new TypeError('undefined is not a function');
    });
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    await expect(relay.execute(farDeadline)).rejects.toThrow(TypeError);
  });

  it('fails when the pending events cannot be read, having published nothing', async () => {
    const orders = new InMemoryOrderRepository();
    pendingOrder(orders, 1, 60_000);
    orders.failFind = new OrderStoreUnavailableError('store down');
    const publisher = accepting();
    const relay = new RelayPendingEventsUseCase(orders, publisher, movableClock(), settings);

    await expect(relay.execute(farDeadline)).rejects.toThrow(OrderStoreUnavailableError);
    expect(publisher.attempted).toEqual([]);
  });
});
