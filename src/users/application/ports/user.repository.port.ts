import type { User } from '../../domain/user.entity';

/** Where users are kept. */
export interface UserRepositoryPort {
  /**
   * Stores a new user, claiming its email at the same time.
   * @throws EmailAlreadyRegisteredError when another user has the email (compared without case).
   * @throws UserStoreUnavailableError when the store cannot be reached or did not answer in time: the user
   *   may have been stored all the same (a write whose answer was lost).
   */
  add(user: User): Promise<void>;

  /**
   * The user with this id, or undefined.
   * @throws UserStoreUnavailableError
   */
  findById(id: string): Promise<User | undefined>;

  /**
   * The user who holds this email (compared without case), or undefined.
   * @throws UserStoreUnavailableError
   */
  findByEmail(email: string): Promise<User | undefined>;
}
