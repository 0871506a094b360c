import { KafkaJSConnectionError, type Producer } from 'kafkajs';
import { KafkaOrderEventPublisher } from '../../../../../../src/orders/adapters/kafka/kafka-order-event.publisher';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import { placeOrder } from '../../../../../../src/orders/domain/order.entity';
import { orderCreated } from '../../../../../../src/orders/domain/order-created';
import { EventBusUnavailableError } from '../../../../../../src/orders/domain/order.errors';
import { expectEventMatchesSchema } from '../../../../../support/contracts';
import { fakeProducer } from '../../../../fakes/kafka-producer';

const order = placeOrder({
  id: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b',
  customerId: '550e8400-e29b-41d4-a716-446655440000',
  total: Money.of('99.99', 'EUR'),
  createdAt: new Date('2026-01-20T10:30:00.000Z'),
});
const event = orderCreated(order, 'ana@example.com', '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f');

/** The fake producer as the container hands it over: through a function that connects it. */
function producer(send?: Parameters<typeof fakeProducer>[0]) {
  const fake = fakeProducer(send);
  return { sent: fake.sent, get: async () => fake.producer };
}

describe('KafkaOrderEventPublisher', () => {
  it('sends the event keyed by its order, with acks from all replicas and the documented headers', async () => {
    const { sent, get } = producer();

    await new KafkaOrderEventPublisher(get, 'order-events', 4000).publish(event);

    expect(sent).toEqual([
      {
        topic: 'order-events',
        acks: -1,
        timeout: 4000,
        messages: [
          {
            key: order.id,
            value: JSON.stringify(event),
            headers: {
              eventType: 'OrderCreated',
              eventId: event.eventId,
              schemaVersion: '1',
              'content-type': 'application/json',
            },
          },
        ],
      },
    ]);
    expectEventMatchesSchema('order-created', JSON.parse(String(sent[0]!.messages[0]!.value)));
  });

  it('publishes an event that matches the documented schema, with and without a description', () => {
    const withDescription = orderCreated(
      placeOrder({
        ...order,
        total: order.total,
        description: 'Two books',
        createdAt: new Date(order.createdAt),
      }),
      'ana@example.com',
      event.eventId,
    );

    expectEventMatchesSchema('order-created', event);
    expectEventMatchesSchema('order-created', withDescription);
    expect(() => expectEventMatchesSchema('order-created', { ...event, totalAmount: 99.99 })).toThrow(
      'does not match its schema',
    );
  });

  it('reports an unreachable broker as an unavailable event bus', async () => {
    const unreachable = async (): Promise<Producer> => {
      throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    };

    const attempt = new KafkaOrderEventPublisher(unreachable, 'order-events', 4000).publish(event);

    await expect(attempt).rejects.toThrow(EventBusUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retriable: true });
  });

  it('gives up after its timeout when the broker does not acknowledge', async () => {
    const { get } = producer(() => new Promise(() => undefined));

    const attempt = new KafkaOrderEventPublisher(get, 'order-events', 50).publish(event);

    await expect(attempt).rejects.toThrow('no acknowledgement within 50 ms');
    await expect(attempt).rejects.toBeInstanceOf(EventBusUnavailableError);
  });

  it('lets a failure that is not Kafka surface as it is', async () => {
    const { get } = producer(async () => {
      throw new TypeError('bug');
    });

    await expect(new KafkaOrderEventPublisher(get, 'order-events', 4000).publish(event)).rejects.toThrow(
      TypeError,
    );
  });
});
