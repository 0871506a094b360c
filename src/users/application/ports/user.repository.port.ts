import type { User } from '../../domain/user.entity';

/** Where users are kept. */
export interface UserRepositoryPort {
  /**
   * Stores a new user, claiming its email at the same time.
   * @throws EmailAlreadyRegisteredError when another user has the email (compared without case).
   * @throws UserStoreUnavailableError when the store cannot be reached; nothing was stored.
   */
  add(user: User): Promise<void>;

  /**
   * The user with this id, or undefined.
   * @throws UserStoreUnavailableError
   */
  findById(id: string): Promise<User | undefined>;
}
