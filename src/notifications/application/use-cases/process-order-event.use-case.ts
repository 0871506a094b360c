import type { EmailLanguage, SentEmail } from '../../domain/email-message';
import { Notification, type NotificationDelivery } from '../../domain/notification.entity';
import { NotificationChangedError, NotificationRejectedError } from '../../domain/notification.errors';
import type { NotificationStatusValue } from '../../domain/notification-status.value-object';
import { orderCreatedEmail } from '../../domain/order-created.email';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import {
  InvalidOrderEventError,
  parseOrderCreatedMessage,
} from '../../../contracts/order-created/order-created.validation';
import { DomainError } from '../../../shared/domain/domain-error';
import { setAside, type DeadLetterPort } from '../../../shared/application/dead-letter.port';
import type { InboundMessage } from '../../../shared/application/inbound-message';
import type { NotificationRepositoryPort } from '../ports/notification.repository.port';
import type { SendNotificationPort } from '../ports/send-notification.port';

export type ProcessOrderEventOutcome =
  | { outcome: 'sent'; eventId: string; orderId: string; notificationId: string; attempts: number }
  | { outcome: 'skipped'; eventId: string; orderId: string; status: NotificationStatusValue }
  | { outcome: 'failed'; eventId: string; orderId: string; notificationId: string; reason: string }
  | { outcome: 'dead-lettered'; code: string; field?: string };

export interface ProcessOrderEventDependencies {
  notifications: NotificationRepositoryPort;
  sender: SendNotificationPort;
  deadLetters: DeadLetterPort;
  language: EmailLanguage;
  newId: () => string;
  clock?: () => Date;
}

/** When the caller stops running at the latest: on Lambda, the invocation's timeout. */
export interface ProcessingWindow {
  deadline: Date;
}

/**
 * How far past the caller's deadline an attempt's lease lasts: other containers' clocks may be a little
 * off, and the lease must not end while its attempt can still be running.
 */
export const LEASE_MARGIN_MS = 5_000;

/** Remembered sent-but-unrecorded emails, per container; past this, the oldest is forgotten. */
const MAX_REMEMBERED = 1000;

/**
 * Turns one delivered order event into at most one email to the customer, however many times the event is
 * delivered: the notification of each `eventId` is stored with a conditional write before sending, and a
 * settled one (SENT or FAILED) is skipped. Messages that can never be processed are set aside, not retried.
 *
 * @throws a retriable DomainError (`retriable: true`) when a dependency is down or another attempt is in
 *   progress: the caller must deliver the message again later. Any other error is a bug.
 */
export class ProcessOrderEventUseCase {
  /**
   * Emails the provider accepted whose SENT status could not be stored (the store failed right after):
   * a redelivery records them instead of sending them a second time.
   */
  private readonly sentButNotRecorded = new Map<string, SentEmail>();
  private readonly clock: () => Date;

  constructor(private readonly deps: ProcessOrderEventDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * A started attempt holds a lease until `window.deadline` (plus a margin): until then no other delivery
   * of the event may start one, and after it the attempt can no longer be running.
   */
  async execute(message: InboundMessage, window: ProcessingWindow): Promise<ProcessOrderEventOutcome> {
    let event: OrderCreatedEvent;
    try {
      event = parseOrderCreatedMessage(message.value);
    } catch (error) {
      if (!(error instanceof InvalidOrderEventError)) throw error;
      // Retrying cannot fix a message: set it aside intact and let the ones behind it through.
      return setAside(this.deps.deadLetters, message, error, this.clock());
    }
    return this.notify(event, window, deliveryOf(message));
  }

  private async notify(
    event: OrderCreatedEvent,
    window: ProcessingWindow,
    delivery: NotificationDelivery | undefined,
  ): Promise<ProcessOrderEventOutcome> {
    const { notifications, sender, language } = this.deps;
    const { eventId, orderId } = event;
    const now = this.clock();
    // The lease of the attempt: until the caller's deadline, plus a margin.
    const leaseMs = Math.max(0, window.deadline.getTime() - now.getTime()) + LEASE_MARGIN_MS;

    // The usual case, a first delivery, claims a new notification without reading first: the claim is a
    // conditional write that fails when the event has a notification already. That failure sends this
    // delivery down the path below, which reads what is stored. Either way, the conditional write of the
    // claim is what makes two deliveries of one event send one email.
    let attempt: Notification | undefined;
    if (!this.sentButNotRecorded.has(eventId)) {
      const fresh = Notification.create({
        id: this.deps.newId(),
        eventId,
        orderId,
        recipient: event.customerEmail,
        channel: 'EMAIL',
        now,
      });
      try {
        attempt = await notifications.save(fresh.startAttempt(now, leaseMs, delivery));
      } catch (error) {
        if (!(error instanceof NotificationChangedError)) throw error;
      }
    }
    if (!attempt) {
      const stored = await notifications.findByEventId(eventId);
      // Stored by the claim that beat ours and gone since: only a deleted item does that; try again later.
      if (!stored) throw new NotificationChangedError(eventId);
      if (stored.isSettled) return { outcome: 'skipped', eventId, orderId, status: stored.status.value };
      const accepted = this.sentButNotRecorded.get(eventId);
      if (accepted) return this.recordSent(stored, accepted);
      attempt = await notifications.save(stored.startAttempt(now, leaseMs, delivery));
    }

    let sent: SentEmail;
    try {
      sent = await sender.send(orderCreatedEmail(event, language));
    } catch (error) {
      if (error instanceof NotificationRejectedError) {
        await notifications.save(attempt.markFailed(error.message, this.clock()));
        return { outcome: 'failed', eventId, orderId, notificationId: attempt.id, reason: error.message };
      }
      await notifications.save(attempt.recordRetriableFailure(reasonOf(error), this.clock()));
      throw error;
    }
    this.remember(eventId, sent);
    return this.recordSent(attempt, sent);
  }

  private async recordSent(notification: Notification, sent: SentEmail): Promise<ProcessOrderEventOutcome> {
    const saved = await this.deps.notifications.save(
      notification.markSent(sent.providerMessageId, this.clock()),
    );
    this.sentButNotRecorded.delete(saved.eventId);
    return {
      outcome: 'sent',
      eventId: saved.eventId,
      orderId: saved.orderId,
      notificationId: saved.id,
      attempts: saved.attempts,
    };
  }

  private remember(eventId: string, sent: SentEmail): void {
    this.sentButNotRecorded.set(eventId, sent);
    if (this.sentButNotRecorded.size > MAX_REMEMBERED) {
      this.sentButNotRecorded.delete(this.sentButNotRecorded.keys().next().value!);
    }
  }
}

/** How the transport handed the message over, for the notification's trace; nothing is decided from it. */
function deliveryOf(message: InboundMessage): NotificationDelivery | undefined {
  if (!message.delivery) return undefined;
  const position = (name: string) => {
    const value = Number(message.origin[name]);
    return message.origin[name] !== undefined && Number.isInteger(value) ? { [name]: value } : {};
  };
  return { ...message.delivery, ...position('partition'), ...position('offset') };
}

/** Domain errors carry messages we wrote; anything else may carry data, so only its kind is kept. */
function reasonOf(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : 'unknown error';
}
