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
