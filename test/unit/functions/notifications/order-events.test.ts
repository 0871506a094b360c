import mskEvent from '../../../fixtures/events/msk-order-created.json';
import selfManagedEvent from '../../../fixtures/events/self-managed-kafka-order-events.json';
import { orderEventsConsumer } from '../../../../functions/notifications/order-events';
import type { KafkaEvent } from '../../../../functions/shared/kafka/kafka-event';
import type { InboundMessage } from '../../../../src/shared/application/inbound-message';
import { ProcessOrderEventUseCase } from '../../../../src/notifications/application/use-cases/process-order-event.use-case';
import { NotificationChannelUnavailableError } from '../../../../src/notifications/domain/notification.errors';
import { createLogger } from '../../../../src/shared/logger';
import {
  FakeDeadLetters,
  FakeEmailSender,
  InMemoryNotificationRepository,
} from '../../fakes/notification.fakes';

/** A fresh copy of a fixture, as the event source would deliver it. */
const batch = (fixture: unknown) => structuredClone(fixture) as KafkaEvent;

describe('order-events consumer', () => {
  let notifications: InMemoryNotificationRepository;
  let sender: FakeEmailSender;
  let deadLetters: FakeDeadLetters;
  let logs: Record<string, unknown>[];
  let handler: (event: KafkaEvent) => Promise<void>;

  beforeEach(() => {
    notifications = new InMemoryNotificationRepository();
    sender = new FakeEmailSender();
    deadLetters = new FakeDeadLetters();
    logs = [];
    let ids = 0;
    const useCase = new ProcessOrderEventUseCase({
      notifications,
      sender,
      deadLetters,
      language: 'es',
      newId: () => `n-${++ids}`,
    });
    const logger = createLogger({}, 'info', (line) => logs.push(JSON.parse(line)));
    handler = orderEventsConsumer(() => useCase, logger);
  });

  it('emails the customer of an OrderCreated record delivered by Amazon MSK', async () => {
    await handler(batch(mskEvent));

    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({ to: 'user@email.com', subject: '📦 Tu orden ha sido creada!' });
    expect(sender.sent[0]!.text).toContain('9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'order event processed',
        partition: 'order-events-0',
        offset: 15,
        outcome: 'sent',
        eventId: '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f',
        orderId: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b',
      }),
    ]);
  });

  it('sends nothing more when the same batch is delivered again', async () => {
    await handler(batch(mskEvent));

    await handler(batch(mskEvent));

    expect(sender.sent).toHaveLength(1);
    expect(logs[1]).toMatchObject({ outcome: 'skipped', status: 'SENT' });
  });

  it('handles a self-managed Kafka batch of several partitions, setting the poison record aside intact', async () => {
    await handler(batch(selfManagedEvent));

    expect(sender.sent.map((email) => email.to).sort()).toEqual(['other@email.com', 'user@email.com']);
    expect(deadLetters.quarantined).toHaveLength(1);
    const { message, reason } = deadLetters.quarantined[0]!;
    expect(Buffer.from(message.value!).toString()).toBe('this is not JSON');
    expect(Buffer.from(message.key!).toString()).toBe('9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b');
    expect(message.headers.map((h) => [h.name, Buffer.from(h.value).toString()])).toEqual([
      ['content-type', 'text/plain'],
    ]);
    expect(message.origin).toEqual({
      topic: 'order-events',
      partition: '0',
      offset: '42',
      timestamp: '1768905061000',
    });
    expect(reason.code).toBe('MALFORMED_EVENT');
  });

  it("processes each partition's records in offset order", async () => {
    const seen: string[] = [];
    const recording = {
      execute: async (message: InboundMessage) => {
        seen.push(`${message.origin.partition}@${message.origin.offset}`);
        return { outcome: 'dead-lettered' as const, code: 'MALFORMED_EVENT' };
      },
    };
    const event = batch(selfManagedEvent);
    event.records['order-events-0']!.reverse();

    await orderEventsConsumer(
      () => recording,
      createLogger({}, 'error', () => {}),
    )(event);

    expect(seen.filter((s) => s.startsWith('0@'))).toEqual(['0@41', '0@42']);
  });

  it('fails the batch on a transient error, stopping only that partition; the redelivery completes it', async () => {
    // The first record of partition 0 meets a throttled SES; partition 2 goes on meanwhile.
    sender.failOnce(new NotificationChannelUnavailableError('SES Throttling'), 'user@email.com');

    await expect(handler(batch(selfManagedEvent))).rejects.toThrow(
      '1 of 2 partitions stopped on an error; the batch must be delivered again',
    );
    expect(logs.find((line) => line.level === 'error')).toMatchObject({
      message: 'order event not processed',
      partition: 'order-events-0',
      offset: 41,
      retriable: true,
    });
    expect(sender.sent.map((email) => email.to)).toEqual(['other@email.com']);
    expect(deadLetters.quarantined).toHaveLength(0); // offset 42 waits behind 41

    await handler(batch(selfManagedEvent));

    expect(sender.sent.map((email) => email.to)).toEqual(['other@email.com', 'user@email.com']);
    expect(deadLetters.quarantined).toHaveLength(1);
  });

  it('writes no email address into the logs', async () => {
    await handler(batch(selfManagedEvent));

    expect(JSON.stringify(logs)).not.toMatch(/@email\.com/);
  });

  it('does nothing with an empty batch', async () => {
    await handler({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn',
      bootstrapServers: 'b:9092',
      records: {},
    });

    expect(sender.sent).toHaveLength(0);
  });
});
