import { KafkaJSError, type Producer } from 'kafkajs';
import type { OrderEventPublisherPort } from '../../application/ports/order-event.publisher.port';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import { EventBusUnavailableError } from '../../domain/order.errors';

/**
 * Publishes order events to a Kafka topic: key = orderId (one order's events stay in one partition, in
 * order), value = the event as JSON, headers saying what it is so consumers can route without parsing.
 */
export class KafkaOrderEventPublisher implements OrderEventPublisherPort {
  /**
   * @param producer the container's connected idempotent producer (connected on first call)
   * @param timeoutMs bound on connecting and sending together: kafkajs' own retries can add up to far
   *   more than a caller should wait
   */
  constructor(
    private readonly producer: () => Promise<Producer>,
    private readonly topic: string,
    private readonly timeoutMs: number,
  ) {}

  async publish(event: OrderCreatedEvent): Promise<void> {
    try {
      await withTimeout(this.send(event), this.timeoutMs);
    } catch (error) {
      if (!(error instanceof KafkaJSError || error instanceof PublishTimeout)) throw error;
      throw new EventBusUnavailableError(`could not publish to ${this.topic}: ${error.message}`, 5, {
        cause: error,
      });
    }
  }

  private async send(event: OrderCreatedEvent): Promise<void> {
    const producer = await this.producer();
    await producer.send({
      topic: this.topic,
      acks: -1,
      timeout: this.timeoutMs,
      messages: [
        {
          key: event.orderId,
          value: JSON.stringify(event),
          headers: {
            eventType: event.eventType,
            eventId: event.eventId,
            schemaVersion: String(event.schemaVersion),
            'content-type': 'application/json',
          },
        },
      ],
    });
  }
}

class PublishTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no acknowledgement within ${timeoutMs} ms`);
    this.name = 'PublishTimeout';
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishTimeout(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
