import { DependencyUnavailableError, ValidationError } from '../../shared/domain/domain-error';

/** A report's date is missing, not a calendar day, or the range is reversed or too long. */
export class InvalidReportRangeError extends ValidationError {
  readonly code = 'INVALID_REPORT_RANGE';
}

export class InvalidCustomerIdError extends ValidationError {
  readonly code = 'INVALID_CUSTOMER_ID';
}

/** Where the counters are kept is down, too slow, or a concurrent transaction got in the way. */
export class AnalyticsStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'ANALYTICS_STORE_UNAVAILABLE';
}
