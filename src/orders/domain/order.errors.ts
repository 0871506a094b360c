import {
  ConflictError,
  DependencyUnavailableError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../shared/domain/domain-error';

export class InvalidAmountError extends ValidationError {
  readonly code = 'INVALID_AMOUNT';
}

export class InvalidCurrencyError extends ValidationError {
  readonly code = 'INVALID_CURRENCY';
}

export class InvalidDescriptionError extends ValidationError {
  readonly code = 'INVALID_DESCRIPTION';
}

export class OrderNotFoundError extends NotFoundError {
  readonly code = 'ORDER_NOT_FOUND';
}

/** The order names a user that user-service does not know. */
export class CustomerNotFoundError extends UnprocessableError {
  readonly code = 'USER_NOT_FOUND';
}

/** user-service did not answer in time, or answered with an error. */
export class UserDirectoryUnavailableError extends DependencyUnavailableError {
  readonly code = 'USER_SERVICE_UNAVAILABLE';
}

/** An order with this id is stored already: the same request placed it before, or its key placed another. */
export class OrderAlreadyExistsError extends ConflictError {
  readonly code = 'ORDER_ALREADY_EXISTS';
}

/**
 * The request's key placed an order before, and that order is not this request's (another customer,
 * amount, currency or description): one key is one order, whenever it comes back.
 */
export class RequestKeyReusedError extends UnprocessableError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

export class OrderStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'ORDER_STORE_UNAVAILABLE';
}

/** The event bus could not take the event; it stays pending with the order (docs/order-flow.md). */
export class EventBusUnavailableError extends DependencyUnavailableError {
  readonly code = 'EVENT_BUS_UNAVAILABLE';
}
