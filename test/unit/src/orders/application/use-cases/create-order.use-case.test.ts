import { CreateOrderUseCase } from '../../../../../../src/orders/application/use-cases/create-order.use-case';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import {
  CustomerNotFoundError,
  EventBusUnavailableError,
  InvalidAmountError,
  OrderAlreadyExistsError,
  OrderStoreUnavailableError,
  RequestKeyReusedError,
  UserDirectoryUnavailableError,
} from '../../../../../../src/orders/domain/order.errors';
import { InvalidIdError } from '../../../../../../src/shared/domain/id.value-object';
import {
  FakeUserDirectory,
  fixedClock,
  InMemoryOrderRepository,
  RecordingPublisher,
  sequentialIds,
} from '../../../../fakes/in-memory';

const customer = { id: '550e8400-e29b-41d4-a716-446655440000', email: 'ana@example.com' };

function setup() {
  const orders = new InMemoryOrderRepository();
  const directory = new FakeUserDirectory();
  directory.customers.set(customer.id, customer);
  const publisher = new RecordingPublisher();
  const useCase = new CreateOrderUseCase(orders, directory, publisher, fixedClock(), sequentialIds());
  return { orders, directory, publisher, useCase };
}

describe('CreateOrderUseCase', () => {
  it('stores a PENDING order and publishes OrderCreated with the customer email', async () => {
    const { orders, publisher, useCase } = setup();

    const result = await useCase.execute({
      userId: customer.id,
      totalAmount: 99.99,
      currency: 'USD',
      description: ' Two books ',
      requestReceivedAt: new Date('2026-01-20T10:29:59.995Z'),
    });

    const orderId = '00000000-0000-4000-8000-000000000001';
    expect(result.order).toEqual({
      id: orderId,
      customerId: customer.id,
      status: 'PENDING',
      total: Money.of('99.99', 'USD'),
      description: 'Two books',
      createdAt: '2026-01-20T10:30:00.000Z',
    });
    expect(publisher.published).toEqual([
      {
        schemaVersion: 1,
        eventId: '00000000-0000-4000-8000-000000000002',
        eventType: 'OrderCreated',
        orderId,
        customerId: customer.id,
        customerEmail: 'ana@example.com',
        totalAmount: '99.99',
        currency: 'USD',
        description: 'Two books',
        createdAt: '2026-01-20T10:30:00.000Z',
      },
    ]);
    expect(result).toMatchObject({ eventId: publisher.published[0]!.eventId, eventPublished: true });
    expect(result.placedBefore).toBe(false);
    // For the order's timeline: when the request arrived, where the bus put the event.
    expect(orders.orders.get(orderId)).toEqual({
      order: result.order,
      eventId: result.eventId,
      requestReceivedAt: new Date('2026-01-20T10:29:59.995Z'),
      publishedAt: new Date('2026-01-20T10:30:00.000Z'),
      where: { partition: 1, offset: 0, timestamp: new Date(0) },
    });
  });

  it('defaults the currency to EUR and leaves out a blank description', async () => {
    const { publisher, useCase } = setup();

    await useCase.execute({ userId: customer.id, totalAmount: '5', description: '   ' });

    expect(publisher.published[0]).toMatchObject({ totalAmount: '5.00', currency: 'EUR' });
    expect(publisher.published[0]).not.toHaveProperty('description');
  });

  it('refuses bad input before asking user-service', async () => {
    const { directory, orders, useCase } = setup();

    await expect(useCase.execute({ userId: 'not-a-uuid', totalAmount: 1 })).rejects.toThrow(InvalidIdError);
    await expect(useCase.execute({ userId: customer.id, totalAmount: -1 })).rejects.toThrow(
      InvalidAmountError,
    );

    expect(directory.asked).toEqual([]);
    expect(orders.orders.size).toBe(0);
  });

  it('refuses an order for a user user-service does not know, storing nothing', async () => {
    const { orders, publisher, useCase } = setup();

    const attempt = useCase.execute({ userId: '6f1c8c1e-0000-4000-8000-000000000000', totalAmount: 1 });

    await expect(attempt).rejects.toThrow(CustomerNotFoundError);
    await expect(attempt).rejects.toMatchObject({ field: 'userId' });
    expect(orders.orders.size).toBe(0);
    expect(publisher.published).toEqual([]);
  });

  it('stores nothing when user-service is unavailable', async () => {
    const { directory, orders, useCase } = setup();
    directory.failWith = new UserDirectoryUnavailableError('user-service timed out');

    await expect(useCase.execute({ userId: customer.id, totalAmount: 1 })).rejects.toThrow(
      UserDirectoryUnavailableError,
    );
    expect(orders.orders.size).toBe(0);
  });

  it('publishes nothing when the order could not be stored', async () => {
    const { orders, publisher, useCase } = setup();
    orders.failAdd = new OrderStoreUnavailableError('down');

    await expect(useCase.execute({ userId: customer.id, totalAmount: 1 })).rejects.toThrow(
      OrderStoreUnavailableError,
    );
    expect(publisher.published).toEqual([]);
  });

  it('still creates the order when the event bus is down, keeping the event pending with it', async () => {
    const { orders, publisher, useCase } = setup();
    const down = new EventBusUnavailableError('broker unreachable');
    publisher.failWith = down;

    const result = await useCase.execute({ userId: customer.id, totalAmount: 1 });

    expect(result).toMatchObject({ eventPublished: false, deliveryProblem: down });
    expect(orders.orders.get(result.order.id)).toEqual({
      order: result.order,
      pendingEvent: expect.objectContaining({ eventId: result.eventId, orderId: result.order.id }),
    });
  });

  it('answers with the order when only recording the publication failed', async () => {
    const { orders, publisher, useCase } = setup();
    const down = new OrderStoreUnavailableError('throttled');
    orders.failMark = down;

    const result = await useCase.execute({ userId: customer.id, totalAmount: 1 });

    expect(result).toMatchObject({ eventPublished: true, deliveryProblem: down });
    expect(publisher.published).toEqual([
      expect.objectContaining({ eventId: result.eventId, orderId: result.order.id }),
    ]);
  });

  it('lets an unexpected publishing failure surface instead of hiding a bug', async () => {
    const { publisher, useCase } = setup();
    publisher.failWith = new TypeError('bug');

    await expect(useCase.execute({ userId: customer.id, totalAmount: 1 })).rejects.toThrow(TypeError);
  });

  describe('with a request key', () => {
    const request = {
      userId: customer.id,
      totalAmount: '25.00',
      description: 'Two books',
      requestKey: 'key-1',
    };

    it('derives the order and event ids from the key, the same on every run and another for another key', async () => {
      const first = await setup().useCase.execute(request);
      const again = await setup().useCase.execute(request);
      const other = await setup().useCase.execute({ ...request, requestKey: 'key-2' });

      expect([again.order.id, again.eventId]).toEqual([first.order.id, first.eventId]);
      expect(first.order.id).not.toBe(first.eventId);
      expect(other.order.id).not.toBe(first.order.id);
      expect(other.eventId).not.toBe(first.eventId);
      expect(first.order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('answers a run after a crash with the stored order, places none, and publishes its pending event once', async () => {
      const { orders, publisher, useCase } = setup();
      // The first run stored the order with its event and died before publishing.
      const crashed = await crashBeforePublishing(orders, request);

      const retried = await useCase.execute({ ...request, description: ' Two books ' });

      expect(retried).toMatchObject({ placedBefore: true, eventPublished: true, eventId: crashed.eventId });
      expect(retried.order).toEqual(crashed.order);
      expect(orders.orders.size).toBe(1);
      expect(publisher.published).toEqual([crashed.pendingEvent]);
      expect(orders.orders.get(crashed.order.id)).toMatchObject({ eventId: crashed.eventId });
      expect(orders.orders.get(crashed.order.id)).not.toHaveProperty('pendingEvent');

      const third = await useCase.execute(request);

      expect(third).toMatchObject({ placedBefore: true, eventPublished: true, order: crashed.order });
      expect(publisher.published).toHaveLength(1);
    });

    it('keeps the event pending for the outbox relay when the bus is down on the run after a crash', async () => {
      const { orders, publisher, useCase } = setup();
      const crashed = await crashBeforePublishing(orders, request);
      const down = new EventBusUnavailableError('broker unreachable');
      publisher.failWith = down;

      const retried = await useCase.execute(request);

      expect(retried).toMatchObject({ placedBefore: true, eventPublished: false, deliveryProblem: down });
      expect(orders.orders.get(crashed.order.id)?.pendingEvent).toEqual(crashed.pendingEvent);
    });

    it('refuses the key with another customer, amount, currency or description, storing nothing', async () => {
      const { orders, directory, publisher, useCase } = setup();
      const other = { id: '6f1c8c1e-0000-4000-8000-000000000000', email: 'bo@example.com' };
      directory.customers.set(other.id, other);
      const first = await useCase.execute(request);

      for (const changed of [
        { userId: other.id },
        { totalAmount: '25.01' },
        { currency: 'USD' },
        { description: 'Three books' },
        { description: undefined },
      ]) {
        const attempt = useCase.execute({ ...request, ...changed });
        await expect(attempt).rejects.toThrow(RequestKeyReusedError);
        await expect(attempt).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'requestKey' });
      }
      expect([...orders.orders.values()].map(({ order }) => order)).toEqual([first.order]);
      expect(publisher.published).toHaveLength(1);
    });
  });

  describe('without a request key', () => {
    it('places a new order with new random ids each time', async () => {
      const { orders, publisher, useCase } = setup();
      const request = { userId: customer.id, totalAmount: '25.00' };

      const first = await useCase.execute(request);
      const second = await useCase.execute(request);

      expect([first.order.id, first.eventId, second.order.id, second.eventId]).toEqual([
        '00000000-0000-4000-8000-000000000001',
        '00000000-0000-4000-8000-000000000002',
        '00000000-0000-4000-8000-000000000003',
        '00000000-0000-4000-8000-000000000004',
      ]);
      expect([first.placedBefore, second.placedBefore]).toEqual([false, false]);
      expect(orders.orders.size).toBe(2);
      expect(publisher.published).toHaveLength(2);
    });

    it("finds its own order when the store's retry of a write that landed meets it", async () => {
      const { orders, publisher, useCase } = setup();
      const add = orders.add.bind(orders);
      orders.add = async (...args) => {
        await add(...args);
        // The first attempt landed but its answer was lost; the retry finds the order there.
        return add(...args);
      };

      const result = await useCase.execute({ userId: customer.id, totalAmount: '25.00' });

      expect(result).toMatchObject({ placedBefore: true, eventPublished: true });
      expect(orders.orders.size).toBe(1);
      expect(publisher.published).toEqual([
        expect.objectContaining({ orderId: result.order.id, eventId: result.eventId }),
      ]);
    });

    it('does not take over another order that holds its id', async () => {
      const { orders, useCase } = setup();
      await useCase.execute({ userId: customer.id, totalAmount: '1.00' });
      const reusing = new CreateOrderUseCase(
        orders,
        directoryWith(customer),
        new RecordingPublisher(),
        fixedClock(),
        sequentialIds(),
      );

      await expect(reusing.execute({ userId: customer.id, totalAmount: '2.00' })).rejects.toThrow(
        OrderAlreadyExistsError,
      );
    });
  });
});

/** What a run that died between storing the order and publishing its event leaves behind. */
async function crashBeforePublishing(
  orders: InMemoryOrderRepository,
  request: Parameters<CreateOrderUseCase['execute']>[0],
) {
  const publisher = new RecordingPublisher();
  publisher.failWith = new TypeError('the process died here');
  const dying = new CreateOrderUseCase(
    orders,
    directoryWith(customer),
    publisher,
    fixedClock(),
    sequentialIds(),
  );
  await expect(dying.execute(request)).rejects.toThrow(TypeError);
  const [stored] = [...orders.orders.values()];
  return {
    order: stored!.order,
    eventId: stored!.pendingEvent!.eventId,
    pendingEvent: stored!.pendingEvent!,
  };
}

function directoryWith(...customers: Array<{ id: string; email: string }>): FakeUserDirectory {
  const directory = new FakeUserDirectory();
  for (const c of customers) directory.customers.set(c.id, c);
  return directory;
}
