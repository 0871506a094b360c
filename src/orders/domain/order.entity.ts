import { characterCount, hasControlCharacters, isWellFormedText } from '../../shared/domain/text';
import type { Money } from './money.value-object';
import { InvalidDescriptionError } from './order.errors';

export const DESCRIPTION_MAX_CHARACTERS = 500;

/** Every order starts PENDING; later flows (payment, shipping) move it on. */
export type OrderStatus = 'PENDING';

export interface Order {
  readonly id: string;
  /** The user who placed it. */
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly total: Money;
  readonly description?: string;
  /** UTC ISO-8601 with milliseconds and Z. */
  readonly createdAt: string;
}

/**
 * A new order for a known customer.
 * @throws InvalidDescriptionError
 */
export function placeOrder(input: {
  id: string;
  customerId: string;
  total: Money;
  description?: string;
  createdAt: Date;
}): Order {
  const description = parseDescription(input.description);
  return {
    id: input.id,
    customerId: input.customerId,
    status: 'PENDING',
    total: input.total,
    ...(description === undefined ? {} : { description }),
    createdAt: input.createdAt.toISOString(),
  };
}

/** Free text, trimmed; blank means none. */
function parseDescription(raw: string | undefined): string | undefined {
  const description = raw?.trim();
  if (!description) return undefined;
  if (characterCount(description) > DESCRIPTION_MAX_CHARACTERS) {
    throw new InvalidDescriptionError(
      `description must be at most ${DESCRIPTION_MAX_CHARACTERS} characters`,
      'description',
    );
  }
  if (!isWellFormedText(description)) {
    throw new InvalidDescriptionError(
      'description must be valid Unicode text (it holds half of a character)',
      'description',
    );
  }
  if (hasControlCharacters(description)) {
    throw new InvalidDescriptionError('description must not contain control characters', 'description');
  }
  return description;
}
