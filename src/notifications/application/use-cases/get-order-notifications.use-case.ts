import type { Notification } from '../../domain/notification.entity';
import { InvalidOrderIdError } from '../../domain/notification.errors';
import { isUuid } from '../../../shared/domain/uuid';
import type { NotificationRepositoryPort } from '../ports/notification.repository.port';

export interface OrderNotifications {
  /** The order id as the system writes it (lower case), whatever case it was asked with. */
  orderId: string;
  notifications: Notification[];
}

/**
 * What the customer has been told about an order: its notifications, oldest first. None yet is a valid
 * answer: notifications follow the order asynchronously, and this service does not know which orders exist.
 * @throws InvalidOrderIdError when the id is not a UUID
 * @throws NotificationStoreUnavailableError
 */
export class GetOrderNotificationsUseCase {
  constructor(private readonly notifications: NotificationRepositoryPort) {}

  async execute(id: string): Promise<OrderNotifications> {
    if (!isUuid(id)) throw new InvalidOrderIdError('the order id must be a UUID', 'orderId');
    // Ids are created lower case (and the event contract requires it): one typed in upper case is the
    // same order, as GET /api/orders/{id} finds it.
    const orderId = id.toLowerCase();
    return { orderId, notifications: await this.notifications.listByOrder(orderId) };
  }
}
