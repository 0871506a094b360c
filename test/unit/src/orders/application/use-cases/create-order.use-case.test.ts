import { CreateOrderUseCase } from '../../../../../../src/orders/application/use-cases/create-order.use-case';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import {
  CustomerNotFoundError,
  EventBusUnavailableError,
  InvalidAmountError,
  OrderStoreUnavailableError,
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
    expect(result.eventPublished).toBe(true);
    expect(orders.orders.get(orderId)).toEqual({
      order: result.order,
      publishedAt: new Date('2026-01-20T10:30:00.000Z'),
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
    expect(orders.orders.get(result.order.id)).toEqual({ order: result.order, pendingEvent: result.event });
  });

  it('answers with the order when only recording the publication failed', async () => {
    const { orders, publisher, useCase } = setup();
    const down = new OrderStoreUnavailableError('throttled');
    orders.failMark = down;

    const result = await useCase.execute({ userId: customer.id, totalAmount: 1 });

    expect(result).toMatchObject({ eventPublished: true, deliveryProblem: down });
    expect(publisher.published).toEqual([result.event]);
  });

  it('lets an unexpected publishing failure surface instead of hiding a bug', async () => {
    const { publisher, useCase } = setup();
    publisher.failWith = new TypeError('bug');

    await expect(useCase.execute({ userId: customer.id, totalAmount: 1 })).rejects.toThrow(TypeError);
  });
});
