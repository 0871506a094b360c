import {
  InvalidNotificationTransitionError,
  NotificationAttemptInProgressError,
} from './notification.errors';
import { NotificationStatus } from './notification-status.value-object';

export type NotificationChannel = 'EMAIL';

export interface NotificationProps {
  id: string;
  /** The event this notification answers; at most one notification per event. */
  eventId: string;
  orderId: string;
  recipient: string;
  channel: NotificationChannel;
  status: NotificationStatus;
  /** How many times sending was started. */
  attempts: number;
  providerMessageId?: string;
  sentAt?: Date;
  /** Why the last attempt did not succeed; no personal data. */
  lastError?: string;
  /** While an attempt runs, nobody else starts one; past this moment the attempt is presumed dead. */
  attemptExpiresAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** How many times this notification has been stored; 0 until the first save. */
  version: number;
}

/**
 * One message to a customer about one event. Immutable: every change returns a new notification, which
 * the repository stores only if nobody stored another change since this one was read.
 */
export class Notification {
  private constructor(private readonly props: Readonly<NotificationProps>) {}

  static create(input: {
    id: string;
    eventId: string;
    orderId: string;
    recipient: string;
    channel: NotificationChannel;
    now: Date;
  }): Notification {
    const { now, ...identity } = input;
    return new Notification({
      ...identity,
      status: NotificationStatus.PENDING,
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
  }

  /** Rebuilds a stored notification as it was saved. */
  static restore(props: NotificationProps): Notification {
    return new Notification({ ...props });
  }

  get id() {
    return this.props.id;
  }
  get eventId() {
    return this.props.eventId;
  }
  get orderId() {
    return this.props.orderId;
  }
  get recipient() {
    return this.props.recipient;
  }
  get channel() {
    return this.props.channel;
  }
  get status() {
    return this.props.status;
  }
  get attempts() {
    return this.props.attempts;
  }
  get providerMessageId() {
    return this.props.providerMessageId;
  }
  get sentAt() {
    return this.props.sentAt;
  }
  get lastError() {
    return this.props.lastError;
  }
  get attemptExpiresAt() {
    return this.props.attemptExpiresAt;
  }
  get createdAt() {
    return this.props.createdAt;
  }
  get updatedAt() {
    return this.props.updatedAt;
  }
  get version() {
    return this.props.version;
  }

  /** Nothing more will be done: it was sent, or it failed for good. */
  get isSettled(): boolean {
    return this.status.isFinal;
  }

  hasAttemptInProgress(now: Date): boolean {
    return this.attemptExpiresAt !== undefined && this.attemptExpiresAt.getTime() > now.getTime();
  }

  /**
   * Claims the next attempt for `leaseMs`.
   * @throws NotificationAttemptInProgressError while another attempt holds the lease
   * @throws InvalidNotificationTransitionError when the notification is already settled
   */
  startAttempt(now: Date, leaseMs: number): Notification {
    if (this.isSettled) throw new InvalidNotificationTransitionError(this.status.value, 'SENT');
    if (this.hasAttemptInProgress(now)) throw new NotificationAttemptInProgressError(this.eventId);
    return this.with(
      { attempts: this.attempts + 1, attemptExpiresAt: new Date(now.getTime() + leaseMs) },
      now,
    );
  }

  /** @throws InvalidNotificationTransitionError unless PENDING */
  markSent(providerMessageId: string, now: Date): Notification {
    return this.with(
      {
        status: this.status.transitionTo(NotificationStatus.SENT),
        providerMessageId,
        sentAt: now,
        lastError: undefined,
        attemptExpiresAt: undefined,
      },
      now,
    );
  }

  /** @throws InvalidNotificationTransitionError unless PENDING */
  markFailed(reason: string, now: Date): Notification {
    return this.with(
      {
        status: this.status.transitionTo(NotificationStatus.FAILED),
        lastError: reason,
        attemptExpiresAt: undefined,
      },
      now,
    );
  }

  /** The attempt failed but a later one may succeed: stays PENDING and frees the lease for the retry. */
  recordRetriableFailure(reason: string, now: Date): Notification {
    return this.with({ lastError: reason, attemptExpiresAt: undefined }, now);
  }

  /** The same notification as stored by the `version`-th save. */
  stored(version: number): Notification {
    return new Notification({ ...this.props, version });
  }

  toProps(): Readonly<NotificationProps> {
    return this.props;
  }

  private with(changes: Partial<NotificationProps>, now: Date): Notification {
    return new Notification({ ...this.props, ...changes, updatedAt: now });
  }
}
