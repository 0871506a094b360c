import type { Customer } from '../../domain/customer.entity';

/** Who the users are, as order-service learns it from user-service. */
export interface UserDirectoryPort {
  /**
   * The customer with this user id, or undefined when there is no such user.
   * @throws UserDirectoryUnavailableError when the directory does not answer in time or fails.
   */
  findCustomer(userId: string): Promise<Customer | undefined>;
}
