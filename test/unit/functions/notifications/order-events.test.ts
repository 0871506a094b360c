import mskEvent from '../../../fixtures/events/msk-order-created.json';
import selfManagedEvent from '../../../fixtures/events/self-managed-kafka-order-events.json';
import { orderEventsConsumer } from '../../../../functions/notifications/order-events';
import type { KafkaBatchResponse, KafkaEvent } from '../../../../functions/shared/kafka/kafka-event';
import type { InboundMessage } from '../../../../src/shared/application/inbound-message';
import {
  LEASE_MARGIN_MS,
  ProcessOrderEventUseCase,
  type ProcessingWindow,
} from '../../../../src/notifications/application/use-cases/process-order-event.use-case';
import { NotificationChannelUnavailableError } from '../../../../src/notifications/domain/notification.errors';
import { createLogger } from '../../../../src/shared/logger';
import { lambdaContext } from '../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../support/logs';
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
  let captured: CapturedLogs;
  let logs: Record<string, unknown>[];
  let handler: (event: KafkaEvent) => Promise<KafkaBatchResponse>;
  let useCase: ProcessOrderEventUseCase;

  beforeEach(() => {
    notifications = new InMemoryNotificationRepository();
    sender = new FakeEmailSender();
    deadLetters = new FakeDeadLetters();
    captured = captureLogs();
    logs = captured.lines;
    let ids = 0;
    useCase = new ProcessOrderEventUseCase({
      notifications,
      sender,
      deadLetters,
      language: 'es',
      newId: () => `n-${++ids}`,
    });
    const consumer = orderEventsConsumer(() => useCase, createLogger('notification-service', 'order-events'));
    handler = (event) => consumer(event, lambdaContext('notify'));
  });

  afterEach(() => captured.restore());

  it('emails the customer of an OrderCreated record delivered by Amazon MSK', async () => {
    await handler(batch(mskEvent));

    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({ to: 'user@email.com', subject: '📦 Tu orden ha sido creada!' });
    expect(sender.sent[0]!.text).toContain('9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
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

    await orderEventsConsumer(() => recording, createLogger('notification-service', 'order-events'))(
      event,
      lambdaContext('notify'),
    );

    expect(seen.filter((s) => s.startsWith('0@'))).toEqual(['0@41', '0@42']);
  });

  it('answers a transient error with the records left of that partition only; their redelivery completes it', async () => {
    // The first record of partition 0 meets a throttled SES; partition 2 goes on meanwhile.
    sender.failOnce(new NotificationChannelUnavailableError('SES Throttling'), 'user@email.com');

    const response = await handler(batch(selfManagedEvent));

    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'order-events-0', offset: 41 } },
        { itemIdentifier: { partition: 'order-events-0', offset: 42 } },
      ],
    });
    expect(logs.find((line) => line.level === 'ERROR')).toMatchObject({
      message: 'order event not processed',
      partition: 'order-events-0',
      offset: 41,
      retriable: true,
    });
    expect(logs.find((line) => line.level === 'WARN')).toMatchObject({
      message: 'order events left for redelivery',
      partitions: ['order-events-0'],
      records: 2,
    });
    expect(sender.sent.map((email) => email.to)).toEqual(['other@email.com']);
    expect(deadLetters.quarantined).toHaveLength(0); // offset 42 waits behind 41

    // What the event source delivers again: only the named records, not partition 2's.
    const redelivery = batch(selfManagedEvent);
    delete redelivery.records['order-events-2'];
    const executed: string[] = [];
    const counting = orderEventsConsumer(
      () => ({
        execute: async (message: InboundMessage, window: ProcessingWindow) => {
          executed.push(`${message.origin.partition}@${message.origin.offset}`);
          return useCase.execute(message, window);
        },
      }),
      createLogger('notification-service', 'order-events'),
    );

    expect(await counting(redelivery, lambdaContext('notify'))).toEqual({ batchItemFailures: [] });
    expect(executed).toEqual(['0@41', '0@42']);
    expect(sender.sent.map((email) => email.to)).toEqual(['other@email.com', 'user@email.com']);
    expect(deadLetters.quarantined).toHaveLength(1);
  });

  it("holds each send attempt for the invocation's remaining time plus a margin, not a fixed time", async () => {
    const claims: (Date | undefined)[] = [];
    const save = notifications.save.bind(notifications);
    jest.spyOn(notifications, 'save').mockImplementation(async (notification) => {
      claims.push(notification.attemptExpiresAt);
      return save(notification);
    });
    const consumer = orderEventsConsumer(() => useCase, createLogger('notification-service', 'order-events'));
    const startedAt = Date.now();

    await consumer(batch(mskEvent), { ...lambdaContext('notify'), getRemainingTimeInMillis: () => 12_000 });

    const leaseEnd = claims[0]!.getTime();
    expect(leaseEnd).toBeGreaterThanOrEqual(startedAt + 12_000 + LEASE_MARGIN_MS);
    expect(leaseEnd).toBeLessThanOrEqual(Date.now() + 12_000 + LEASE_MARGIN_MS);
  });

  it('sends one email per event even when the whole batch is delivered again', async () => {
    sender.failOnce(new NotificationChannelUnavailableError('SES Throttling'), 'user@email.com');
    await handler(batch(selfManagedEvent));

    expect(await handler(batch(selfManagedEvent))).toEqual({ batchItemFailures: [] });

    expect(sender.sent.map((email) => email.to).sort()).toEqual(['other@email.com', 'user@email.com']);
  });

  it('names only records of the event, so the event source never discards the answer', async () => {
    const poisonedStore = {
      execute: async () => {
        throw new Error('a bug');
      },
    };

    const response = await orderEventsConsumer(
      () => poisonedStore,
      createLogger('notification-service', 'order-events'),
    )(batch(selfManagedEvent), lambdaContext('notify'));

    const named = response.batchItemFailures.map(
      ({ itemIdentifier: { partition, offset } }) => `${partition}@${offset}`,
    );
    const inEvent = Object.values(batch(selfManagedEvent).records)
      .flat()
      .map((record) => `${record.topic}-${record.partition}@${record.offset}`);
    expect(named.sort()).toEqual(inEvent.sort());
  });

  it('writes no email address into the logs', async () => {
    await handler(batch(selfManagedEvent));

    expect(JSON.stringify(logs)).not.toMatch(/@email\.com/);
  });

  it('does nothing with an empty batch, and says so', async () => {
    const response = await handler({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn',
      bootstrapServers: 'b:9092',
      records: {},
    });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sender.sent).toHaveLength(0);
  });
});
