/**
 * Base of every error the core raises. `code` is stable and machine-readable (it reaches HTTP clients);
 * `retriable` tells callers whether trying again later can succeed.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly retriable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule of the domain; `field` names the offending field (dot path) when there is one. */
export abstract class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export abstract class NotFoundError extends DomainError {}

/**
 * The request is well-formed but refers to something that does not exist (an order for an unknown user):
 * not a missing resource at the URL, so not a 404. `field` names the reference.
 */
export abstract class UnprocessableError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request conflicts with what exists (a duplicate, a forbidden state change). */
export abstract class ConflictError extends DomainError {}

/** Something the core depends on is down or too slow; trying again later can succeed. */
export abstract class DependencyUnavailableError extends DomainError {
  override readonly retriable = true;
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where unprocessable messages are set aside (a dead-letter topic) is down or too slow. */
export class DeadLetterUnavailableError extends DependencyUnavailableError {
  readonly code = 'DEAD_LETTER_UNAVAILABLE';
}
