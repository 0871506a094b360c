import { GetOrderUseCase } from '../../../../../../src/orders/application/use-cases/get-order.use-case';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import { placeOrder } from '../../../../../../src/orders/domain/order.entity';
import { orderCreated } from '../../../../../../src/orders/domain/order-created';
import { OrderNotFoundError } from '../../../../../../src/orders/domain/order.errors';
import { InvalidIdError } from '../../../../../../src/shared/domain/id.value-object';
import { InMemoryOrderRepository } from '../../../../fakes/in-memory';

describe('GetOrderUseCase', () => {
  const orders = new InMemoryOrderRepository();
  const getOrder = new GetOrderUseCase(orders);
  const order = placeOrder({
    id: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b',
    customerId: '550e8400-e29b-41d4-a716-446655440000',
    total: Money.of('10.00'),
    createdAt: new Date(0),
  });

  beforeAll(() => orders.add(order, orderCreated(order, 'ana@example.com', 'e1')));

  it('finds a stored order', async () => {
    expect(await getOrder.execute(order.id)).toEqual(order);
  });

  it('reports a missing order and refuses a malformed id', async () => {
    await expect(getOrder.execute('00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      OrderNotFoundError,
    );
    await expect(getOrder.execute('order-123')).rejects.toThrow(InvalidIdError);
  });
});
