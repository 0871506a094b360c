import { registerUser, type User } from '../../domain/user.entity';
import type { ClockPort, IdGeneratorPort } from '../../../shared/application/clock.port';
import type { UserRepositoryPort } from '../ports/user.repository.port';

export interface CreateUserCommand {
  name: string;
  email: string;
}

/** Registers a customer so they can place orders. */
export class CreateUserUseCase {
  constructor(
    private readonly users: UserRepositoryPort,
    private readonly clock: ClockPort,
    private readonly ids: IdGeneratorPort,
  ) {}

  /**
   * @throws InvalidNameError, InvalidEmailError on bad input.
   * @throws EmailAlreadyRegisteredError when the email is taken (compared without case).
   * @throws UserStoreUnavailableError
   */
  async execute(command: CreateUserCommand): Promise<User> {
    const user = registerUser({ id: this.ids.newId(), createdAt: this.clock.now(), ...command });
    await this.users.add(user);
    return user;
  }
}
