import { InvalidNotificationTransitionError } from './notification.errors';

export type NotificationStatusValue = 'PENDING' | 'SENT' | 'FAILED';

/**
 * Where a notification stands. PENDING until it is either SENT or FAILED for good; both are final, so a
 * notification that was sent can never be sent again nor turned into a failure.
 */
export class NotificationStatus {
  static readonly PENDING = new NotificationStatus('PENDING');
  static readonly SENT = new NotificationStatus('SENT');
  static readonly FAILED = new NotificationStatus('FAILED');

  private static readonly allowed: Record<NotificationStatusValue, readonly NotificationStatusValue[]> = {
    PENDING: ['SENT', 'FAILED'],
    SENT: [],
    FAILED: [],
  };

  private constructor(readonly value: NotificationStatusValue) {}

  static from(value: string): NotificationStatus {
    const status = [NotificationStatus.PENDING, NotificationStatus.SENT, NotificationStatus.FAILED].find(
      (candidate) => candidate.value === value,
    );
    if (!status) throw new RangeError(`unknown notification status ${JSON.stringify(value)}`);
    return status;
  }

  /** Final: nothing more will happen to the notification. */
  get isFinal(): boolean {
    return NotificationStatus.allowed[this.value].length === 0;
  }

  canBecome(next: NotificationStatus): boolean {
    return NotificationStatus.allowed[this.value].includes(next.value);
  }

  /** @throws InvalidNotificationTransitionError when the change is not allowed (e.g. SENT → FAILED). */
  transitionTo(next: NotificationStatus): NotificationStatus {
    if (!this.canBecome(next)) throw new InvalidNotificationTransitionError(this.value, next.value);
    return next;
  }

  toString(): string {
    return this.value;
  }
}
