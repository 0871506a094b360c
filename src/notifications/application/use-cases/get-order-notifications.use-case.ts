import type { Notification } from '../../domain/notification.entity';
import { InvalidOrderIdError } from '../../domain/notification.errors';
import { isUuid } from '../../../shared/domain/uuid';
import type { NotificationRepositoryPort } from '../ports/notification.repository.port';

/**
 * What the customer has been told about an order: its notifications, oldest first. None yet is a valid
 * answer: notifications follow the order asynchronously, and this service does not know which orders exist.
 * @throws InvalidOrderIdError when the id is not a UUID
 * @throws NotificationStoreUnavailableError
 */
export class GetOrderNotificationsUseCase {
  constructor(private readonly notifications: NotificationRepositoryPort) {}

  async execute(orderId: string): Promise<Notification[]> {
    if (!isUuid(orderId)) throw new InvalidOrderIdError('the order id must be a UUID', 'orderId');
    return this.notifications.listByOrder(orderId);
  }
}
