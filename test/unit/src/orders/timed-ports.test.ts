import { recordStages } from '../../../../src/shared/stage-timings';
import { timedDirectory, timedOrders, timedPublisher } from '../../../../src/orders/timed-ports';
import { FakeUserDirectory, InMemoryOrderRepository, RecordingPublisher } from '../../fakes/in-memory';

describe('timed ports of create-order', () => {
  it('time each call as its stage and pass it on unchanged', async () => {
    const repository = new InMemoryOrderRepository();
    const directory = new FakeUserDirectory();
    const publisher = new RecordingPublisher();
    const customer = { id: '550e8400-e29b-41d4-a716-446655440000', email: 'ana@example.com' };
    directory.customers.set(customer.id, customer);
    const [orders, users, events] = [
      timedOrders(repository),
      timedDirectory(directory),
      timedPublisher(publisher),
    ];
    const order = {
      id: '00000000-0000-4000-8000-000000000001',
      customerId: customer.id,
      status: 'PENDING' as const,
      total: { amount: '1.00', currency: 'EUR' },
      createdAt: '2026-01-20T10:30:00.000Z',
    };
    const event = { eventId: 'e-1', orderId: order.id } as never;

    const { result, stages } = await recordStages(async () => {
      const found = await users.findCustomer(customer.id);
      await orders.add(order as never, event);
      await events.publish(event);
      await orders.markEventPublished(order.id, 'e-1', new Date(), {
        partition: 0,
        offset: 0,
        timestamp: new Date(),
      });
      return found;
    });

    expect(result).toEqual(customer);
    expect(Object.keys(stages)).toEqual(['user', 'store', 'publish', 'mark']);
    expect(await orders.findById(order.id)).toBeDefined();
    expect(await orders.findPlaced(order.id)).toMatchObject({ eventId: 'e-1' });
    expect(publisher.published).toEqual([event]);
  });
});
