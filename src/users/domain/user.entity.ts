import { characterCount, hasControlCharacters, isWellFormedText } from '../../shared/domain/text';
import { parseEmail } from './email.value-object';
import { InvalidNameError } from './user.errors';

export const NAME_MAX_CHARACTERS = 100;

/** A customer who can place orders. */
export interface User {
  readonly id: string;
  readonly name: string;
  /** As registered, trimmed; unique without regard to case. */
  readonly email: string;
  /** UTC ISO-8601 with milliseconds and Z. */
  readonly createdAt: string;
}

/**
 * A new user from what the client sent.
 * @throws InvalidNameError, InvalidEmailError
 */
export function registerUser(input: { id: string; name: string; email: string; createdAt: Date }): User {
  return {
    id: input.id,
    name: parseName(input.name),
    email: parseEmail(input.email),
    createdAt: input.createdAt.toISOString(),
  };
}

function parseName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw new InvalidNameError('name must not be empty', 'name');
  if (characterCount(name) > NAME_MAX_CHARACTERS) {
    throw new InvalidNameError(`name must be at most ${NAME_MAX_CHARACTERS} characters`, 'name');
  }
  if (!isWellFormedText(name)) {
    throw new InvalidNameError('name must be valid Unicode text (it holds half of a character)', 'name');
  }
  if (hasControlCharacters(name) || /[\r\n\t]/.test(name)) {
    throw new InvalidNameError('name must be a single line of text', 'name');
  }
  return name;
}
