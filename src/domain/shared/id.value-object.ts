import { ValidationError } from './domain-error';

export class InvalidIdError extends ValidationError {
  readonly code = 'INVALID_ID';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id in the system is a UUID; they are created lower case, so one typed in upper case still finds
 * its record.
 * @throws InvalidIdError naming `field` when `raw` is not a UUID.
 */
export function parseId(raw: string, field: string): string {
  if (!UUID.test(raw)) throw new InvalidIdError(`${field} must be a UUID`, field);
  return raw.toLowerCase();
}
