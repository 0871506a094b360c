import type { Notification } from '../../domain/notification.entity';

/** Where notifications are kept: one per event, found by event or by order. */
export interface NotificationRepositoryPort {
  /**
   * The notification of an event as last stored (a strongly consistent read), if any.
   * @throws NotificationStoreUnavailableError
   */
  findByEventId(eventId: string): Promise<Notification | undefined>;

  /**
   * Stores the notification only if the stored one is still the version it was read at (none, for a new
   * one), and returns it as stored.
   * @throws NotificationChangedError when someone else stored a change (or the same event) first
   * @throws NotificationStoreUnavailableError
   */
  save(notification: Notification): Promise<Notification>;

  /**
   * Every notification about an order, oldest first. May lag a write by a moment.
   * @throws NotificationStoreUnavailableError
   */
  listByOrder(orderId: string): Promise<Notification[]>;
}
