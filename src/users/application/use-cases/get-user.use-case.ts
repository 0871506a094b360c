import { parseId } from '../../../shared/domain/id.value-object';
import type { User } from '../../domain/user.entity';
import { UserNotFoundError } from '../../domain/user.errors';
import type { UserRepositoryPort } from '../ports/user.repository.port';

/** Looks a user up by id (order-service does, to learn where an order's notifications go). */
export class GetUserUseCase {
  constructor(private readonly users: UserRepositoryPort) {}

  /**
   * @throws InvalidIdError when `id` is not a UUID.
   * @throws UserNotFoundError
   * @throws UserStoreUnavailableError
   */
  async execute(id: string): Promise<User> {
    const userId = parseId(id, 'id');
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError(`no user with id ${userId}`);
    return user;
  }
}
