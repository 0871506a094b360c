import type { DeadLetterPort, DeadLetterReason } from '../../../src/shared/application/dead-letter.port';
import type { InboundMessage } from '../../../src/shared/application/inbound-message';
import type { NotificationRepositoryPort } from '../../../src/notifications/application/ports/notification.repository.port';
import type { SendNotificationPort } from '../../../src/notifications/application/ports/send-notification.port';
import type { EmailMessage, SentEmail } from '../../../src/notifications/domain/email-message';
import type { Notification } from '../../../src/notifications/domain/notification.entity';
import { NotificationChangedError } from '../../../src/notifications/domain/notification.errors';

/** Keeps notifications in memory with the same version rule as the real store; can be told to fail. */
export class InMemoryNotificationRepository implements NotificationRepositoryPort {
  readonly stored = new Map<string, Notification>();
  private failure?: { when: (notification: Notification) => boolean; error: Error };

  /** The first save of a notification matching `when` throws `error` instead of storing it. */
  failSave(when: (notification: Notification) => boolean, error: Error): void {
    this.failure = { when, error };
  }

  async findByEventId(eventId: string): Promise<Notification | undefined> {
    return this.stored.get(eventId);
  }

  async save(notification: Notification): Promise<Notification> {
    if (this.failure?.when(notification)) {
      const { error } = this.failure;
      this.failure = undefined;
      throw error;
    }
    const current = this.stored.get(notification.eventId)?.version ?? 0;
    if (current !== notification.version) throw new NotificationChangedError(notification.eventId);
    const saved = notification.stored(current + 1);
    this.stored.set(saved.eventId, saved);
    return saved;
  }

  async listByOrder(orderId: string): Promise<Notification[]> {
    return [...this.stored.values()]
      .filter((notification) => notification.orderId === orderId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}

/** Records every email it accepts; can be told to refuse the next one (to a given recipient). */
export class FakeEmailSender implements SendNotificationPort {
  readonly sent: EmailMessage[] = [];
  private readonly failures: { error: Error; to?: string }[] = [];

  failOnce(error: Error, to?: string): void {
    this.failures.push({ error, to });
  }

  async send(email: EmailMessage): Promise<SentEmail> {
    const index = this.failures.findIndex((failure) => failure.to === undefined || failure.to === email.to);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
    this.sent.push(email);
    return { providerMessageId: `provider-${this.sent.length}` };
  }
}

export class FakeDeadLetters implements DeadLetterPort {
  readonly quarantined: { message: InboundMessage; reason: DeadLetterReason }[] = [];
  private failure?: Error;

  failOnce(error: Error): void {
    this.failure = error;
  }

  async quarantine(message: InboundMessage, reason: DeadLetterReason): Promise<void> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    this.quarantined.push({ message, reason });
  }
}
