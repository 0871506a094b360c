import {
  LEASE_MARGIN_MS,
  ProcessOrderEventUseCase,
} from '../../../../../../src/notifications/application/use-cases/process-order-event.use-case';
import {
  NotificationAttemptInProgressError,
  NotificationChannelUnavailableError,
  NotificationRejectedError,
  NotificationStoreUnavailableError,
} from '../../../../../../src/notifications/domain/notification.errors';
import { DeadLetterUnavailableError } from '../../../../../../src/shared/domain/domain-error';
import type { EmailLanguage } from '../../../../../../src/notifications/domain/email-message';
import { Notification } from '../../../../../../src/notifications/domain/notification.entity';
import {
  FakeDeadLetters,
  FakeEmailSender,
  InMemoryNotificationRepository,
} from '../../../../fakes/notification.fakes';
import { inbound, orderCreated } from '../../../../fakes/order-events';

describe('ProcessOrderEventUseCase', () => {
  let notifications: InMemoryNotificationRepository;
  let sender: FakeEmailSender;
  let deadLetters: FakeDeadLetters;
  let now: Date;
  let ids: number;

  const useCase = (language: EmailLanguage = 'es') =>
    new ProcessOrderEventUseCase({
      notifications,
      sender,
      deadLetters,
      language,
      newId: () => `notification-${++ids}`,
      clock: () => now,
    });
  const event = orderCreated();
  /** An invocation that started now and may run 25 s more. */
  const invocation = () => ({ deadline: new Date(now.getTime() + 25_000) });

  beforeEach(() => {
    notifications = new InMemoryNotificationRepository();
    sender = new FakeEmailSender();
    deadLetters = new FakeDeadLetters();
    now = new Date('2026-01-20T10:30:05.000Z');
    ids = 0;
  });

  describe('a new OrderCreated event', () => {
    it('emails the customer once and records the notification as SENT', async () => {
      const outcome = await useCase().execute(inbound(event), invocation());

      expect(outcome).toEqual({
        outcome: 'sent',
        eventId: event.eventId,
        orderId: event.orderId,
        notificationId: 'notification-1',
        attempts: 1,
      });
      expect(sender.sent).toHaveLength(1);
      expect(sender.sent[0]).toMatchObject({ to: 'user@email.com', subject: '📦 Tu orden ha sido creada!' });
      expect(sender.sent[0]!.text).toContain(event.orderId);
      const stored = notifications.stored.get(event.eventId)!;
      expect(stored.status.value).toBe('SENT');
      expect(stored.providerMessageId).toBe('provider-1');
      expect(stored.sentAt).toEqual(now);
      expect(stored.attemptExpiresAt).toBeUndefined();
      expect(deadLetters.quarantined).toHaveLength(0);
    });

    it('claims it without reading the store first: one round trip fewer before the email', async () => {
      const reads = jest.spyOn(notifications, 'findByEventId');

      await useCase().execute(inbound(event), invocation());

      expect(reads).not.toHaveBeenCalled();
      expect(sender.sent).toHaveLength(1);
    });

    it('records when and in what batch the event arrived, and from where, for the order’s timeline', async () => {
      const receivedAt = new Date('2026-01-20T10:30:04.500Z');

      await useCase().execute(
        { ...inbound(event, 42), delivery: { receivedAt, batchSize: 3 } },
        invocation(),
      );

      expect(notifications.stored.get(event.eventId)!.delivery).toEqual({
        receivedAt,
        batchSize: 3,
        partition: 0,
        offset: 42,
      });
    });

    it('writes the email in English when so configured', async () => {
      await useCase('en').execute(inbound(event), invocation());

      expect(sender.sent[0]!.subject).toBe('📦 Your order has been created!');
    });
  });

  describe('redelivery', () => {
    it('skips an event already notified: the same record delivered again sends nothing', async () => {
      const message = inbound(event);
      await useCase().execute(message, invocation());

      const again = await useCase().execute(message, invocation());

      expect(again).toEqual({
        outcome: 'skipped',
        eventId: event.eventId,
        orderId: event.orderId,
        status: 'SENT',
      });
      expect(sender.sent).toHaveLength(1);
    });

    it('skips a producer retry that landed at another offset with the same eventId', async () => {
      await useCase().execute(inbound(event, 15), invocation());

      await useCase().execute(inbound(event, 16), invocation());

      expect(sender.sent).toHaveLength(1);
    });

    it('sends one email when two consumers process the same event at the same time', async () => {
      const results = await Promise.allSettled([
        useCase().execute(inbound(event), invocation()),
        useCase().execute(inbound(event), invocation()),
      ]);

      expect(sender.sent).toHaveLength(1);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ retriable: true });
    });
  });

  describe('a message that can never be processed', () => {
    it.each([
      ['not JSON', 'this is not JSON', 'MALFORMED_EVENT', undefined],
      ['not an object', '[1,2]', 'MALFORMED_EVENT', undefined],
      ['without a value', null, 'MALFORMED_EVENT', undefined],
      ['of an unknown type', orderCreated({ eventType: 'OrderShipped' }), 'UNKNOWN_EVENT_TYPE', 'eventType'],
      [
        'of an unknown schema version',
        orderCreated({ schemaVersion: 2 }),
        'UNSUPPORTED_SCHEMA_VERSION',
        'schemaVersion',
      ],
      [
        'missing the address',
        orderCreated({ customerEmail: undefined }),
        'SCHEMA_VIOLATION',
        'customerEmail',
      ],
    ])('is set aside, intact and with its reason, when it is %s', async (_, value, code, field) => {
      const message = inbound(value);

      const outcome = await useCase().execute(message, invocation());

      expect(outcome).toEqual({ outcome: 'dead-lettered', code, ...(field ? { field } : {}) });
      expect(deadLetters.quarantined).toEqual([
        {
          message,
          reason: { code, message: expect.any(String), at: now, ...(field ? { field } : {}) },
        },
      ]);
      expect(sender.sent).toHaveLength(0);
      expect(notifications.stored.size).toBe(0);
    });

    it('is delivered again when it cannot be set aside, so it is never lost', async () => {
      deadLetters.failOnce(new DeadLetterUnavailableError('broker down'));

      await expect(useCase().execute(inbound('not JSON'), invocation())).rejects.toMatchObject({
        retriable: true,
      });

      await useCase().execute(inbound('not JSON'), invocation());
      expect(deadLetters.quarantined).toHaveLength(1);
    });
  });

  describe('a transient failure', () => {
    it('fails retriably, keeps the notification PENDING with the reason, and the redelivery sends it', async () => {
      sender.failOnce(
        new NotificationChannelUnavailableError('SES Throttling: Maximum sending rate exceeded'),
      );

      await expect(useCase().execute(inbound(event), invocation())).rejects.toBeInstanceOf(
        NotificationChannelUnavailableError,
      );
      const pending = notifications.stored.get(event.eventId)!;
      expect(pending.status.value).toBe('PENDING');
      expect(pending.lastError).toBe(
        'NOTIFICATION_CHANNEL_UNAVAILABLE: SES Throttling: Maximum sending rate exceeded',
      );
      expect(pending.attemptExpiresAt).toBeUndefined();

      const retried = await useCase().execute(inbound(event), invocation());

      expect(retried).toMatchObject({ outcome: 'sent', attempts: 2 });
      expect(sender.sent).toHaveLength(1);
    });

    it('sends nothing while the store cannot take the claim', async () => {
      notifications.failSave(
        (n) => n.status.value === 'PENDING',
        new NotificationStoreUnavailableError('DynamoDB TimeoutError'),
      );

      await expect(useCase().execute(inbound(event), invocation())).rejects.toMatchObject({
        retriable: true,
      });
      expect(sender.sent).toHaveLength(0);
    });

    it('sends nothing on a redelivery while the store cannot be read', async () => {
      await notifications.save(
        Notification.create({
          id: 'n-1',
          eventId: event.eventId,
          orderId: event.orderId,
          recipient: event.customerEmail,
          channel: 'EMAIL',
          now: new Date('2026-01-01T00:00:00Z'),
        }),
      );
      jest
        .spyOn(notifications, 'findByEventId')
        .mockRejectedValueOnce(new NotificationStoreUnavailableError('DynamoDB TimeoutError'));

      await expect(useCase().execute(inbound(event), invocation())).rejects.toMatchObject({
        retriable: true,
      });
      expect(sender.sent).toHaveLength(0);
    });

    it('does not send twice when the SENT status could not be stored: the redelivery only records it', async () => {
      const process = useCase();
      notifications.failSave(
        (n) => n.status.value === 'SENT',
        new NotificationStoreUnavailableError('DynamoDB InternalServerError'),
      );

      await expect(process.execute(inbound(event), invocation())).rejects.toBeInstanceOf(
        NotificationStoreUnavailableError,
      );
      expect(sender.sent).toHaveLength(1);

      const retried = await process.execute(inbound(event), invocation());

      expect(retried).toMatchObject({ outcome: 'sent' });
      expect(sender.sent).toHaveLength(1);
      expect(notifications.stored.get(event.eventId)!.status.value).toBe('SENT');
    });
  });

  describe('an attempt already in progress', () => {
    it("is not doubled: the redelivery fails retriably until the first invocation's deadline is past, then sends", async () => {
      const crashed = useCase();
      jest.spyOn(sender, 'send').mockImplementationOnce(() => new Promise(() => {})); // never answers
      void crashed.execute(inbound(event), invocation());
      await new Promise((resolve) => setImmediate(resolve));

      await expect(useCase().execute(inbound(event), invocation())).rejects.toBeInstanceOf(
        NotificationAttemptInProgressError,
      );
      expect(sender.sent).toHaveLength(0);

      // The invocation that started it ends 25 s after it; the lease, a margin later.
      now = new Date(now.getTime() + 25_000 + LEASE_MARGIN_MS - 1);
      await expect(useCase().execute(inbound(event), invocation())).rejects.toBeInstanceOf(
        NotificationAttemptInProgressError,
      );
      now = new Date(now.getTime() + 2);
      const outcome = await useCase().execute(inbound(event), invocation());

      expect(outcome).toMatchObject({ outcome: 'sent', attempts: 2 });
      expect(sender.sent).toHaveLength(1);
    });
  });

  describe('a permanent rejection', () => {
    it('marks the notification FAILED with the reason and is not retried', async () => {
      sender.failOnce(new NotificationRejectedError('SES MessageRejected: Email address is not verified'));

      const outcome = await useCase().execute(inbound(event), invocation());
      const again = await useCase().execute(inbound(event), invocation());

      expect(outcome).toEqual({
        outcome: 'failed',
        eventId: event.eventId,
        orderId: event.orderId,
        notificationId: 'notification-1',
        reason: 'SES MessageRejected: Email address is not verified',
      });
      expect(again).toMatchObject({ outcome: 'skipped', status: 'FAILED' });
      const failed = notifications.stored.get(event.eventId)!;
      expect(failed.status.value).toBe('FAILED');
      expect(failed.lastError).toBe('SES MessageRejected: Email address is not verified');
      expect(sender.sent).toHaveLength(0);
    });
  });
});
