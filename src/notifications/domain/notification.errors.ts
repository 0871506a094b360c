import {
  ConflictError,
  DependencyUnavailableError,
  DomainError,
  ValidationError,
} from '../../shared/domain/domain-error';

export class InvalidNotificationTransitionError extends ConflictError {
  readonly code = 'INVALID_NOTIFICATION_TRANSITION';
  constructor(from: string, to: string) {
    super(`a ${from} notification cannot become ${to}`);
  }
}

/** Another attempt to send the same notification is under way (or died less than a lease ago). */
export class NotificationAttemptInProgressError extends ConflictError {
  readonly code = 'NOTIFICATION_ATTEMPT_IN_PROGRESS';
  override readonly retriable = true;
  constructor(eventId: string) {
    super(`an attempt to notify event ${eventId} is already in progress`);
  }
}

/** The stored notification changed since it was read: someone else is working on it. */
export class NotificationChangedError extends ConflictError {
  readonly code = 'NOTIFICATION_CHANGED';
  override readonly retriable = true;
  constructor(eventId: string, options?: { cause?: unknown }) {
    super(`the notification of event ${eventId} was changed by someone else`, options);
  }
}

/** The provider refused this message for good (bad address, content rejected): sending again cannot help. */
export class NotificationRejectedError extends DomainError {
  readonly code = 'NOTIFICATION_REJECTED';
}

/** The delivery channel is down, throttling or too slow; trying again later can succeed. */
export class NotificationChannelUnavailableError extends DependencyUnavailableError {
  readonly code = 'NOTIFICATION_CHANNEL_UNAVAILABLE';
}

/** Where notifications are stored is down or too slow. */
export class NotificationStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'NOTIFICATION_STORE_UNAVAILABLE';
}

export class InvalidOrderIdError extends ValidationError {
  readonly code = 'INVALID_ORDER_ID';
}
