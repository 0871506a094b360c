import {
  ConflictError,
  DependencyUnavailableError,
  NotFoundError,
  ValidationError,
} from '../../shared/domain/domain-error';

export class InvalidEmailError extends ValidationError {
  readonly code = 'INVALID_EMAIL';
}

export class InvalidNameError extends ValidationError {
  readonly code = 'INVALID_NAME';
}

export class UserNotFoundError extends NotFoundError {
  readonly code = 'USER_NOT_FOUND';
}

/** Emails are unique, compared without regard to case. */
export class EmailAlreadyRegisteredError extends ConflictError {
  readonly code = 'EMAIL_ALREADY_REGISTERED';
}

export class UserStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'USER_STORE_UNAVAILABLE';
}
