import { ValidationError } from './domain-error';
import { isUuid } from './uuid';

export class InvalidIdError extends ValidationError {
  readonly code = 'INVALID_ID';
}

/**
 * Every id in the system is a UUID; they are created lower case, so one typed in upper case still finds
 * its record.
 * @throws InvalidIdError naming `field` when `raw` is not a UUID.
 */
export function parseId(raw: string, field: string): string {
  if (!isUuid(raw)) throw new InvalidIdError(`${field} must be a UUID`, field);
  return raw.toLowerCase();
}
