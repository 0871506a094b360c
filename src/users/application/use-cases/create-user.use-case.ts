import { registerUser, type User } from '../../domain/user.entity';
import { EmailAlreadyRegisteredError } from '../../domain/user.errors';
import type { ClockPort, IdGeneratorPort } from '../../../shared/application/clock.port';
import type { UserRepositoryPort } from '../ports/user.repository.port';

export interface CreateUserCommand {
  name: string;
  email: string;
}

/**
 * How long a registration repeated with the same name and email counts as the same request retried, as
 * long as payment APIs keep an idempotency key.
 */
export const REGISTRATION_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Registers a customer so they can place orders. */
export class CreateUserUseCase {
  constructor(
    private readonly users: UserRepositoryPort,
    private readonly clock: ClockPort,
    private readonly ids: IdGeneratorPort,
  ) {}

  /**
   * A registration repeated with the same name and email within REGISTRATION_RETRY_WINDOW_MS returns the
   * user the first one stored: a client whose first attempt ended in a timeout or a 503 cannot know whether
   * the user was stored, and must be able to try again safely.
   * @throws InvalidNameError, InvalidEmailError on bad input.
   * @throws EmailAlreadyRegisteredError when someone else holds the email (compared without case).
   * @throws UserStoreUnavailableError
   */
  async execute(command: CreateUserCommand): Promise<User> {
    const now = this.clock.now();
    const user = registerUser({ id: this.ids.newId(), createdAt: now, ...command });
    try {
      await this.users.add(user);
      return user;
    } catch (error) {
      if (!(error instanceof EmailAlreadyRegisteredError)) throw error;
      const holder = await this.users.findByEmail(user.email);
      if (holder && isSameRegistration(holder, user, now)) return holder;
      throw error;
    }
  }
}

function isSameRegistration(holder: User, retry: User, now: Date): boolean {
  const age = now.getTime() - Date.parse(holder.createdAt);
  return (
    holder.name === retry.name &&
    holder.email === retry.email &&
    age >= 0 &&
    age <= REGISTRATION_RETRY_WINDOW_MS
  );
}
