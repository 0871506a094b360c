import type { GetOrderNotificationsUseCase } from '../../src/notifications/application/use-cases/get-order-notifications.use-case';
import type { Notification } from '../../src/notifications/domain/notification.entity';
import { getOrderNotifications } from '../../src/notifications/notifications.container';
import { createLogger, type Logger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';

/** GET /api/orders/{id}/notifications: what the customer was told about an order, and whether it reached them. */
export function getOrderNotificationsHandler(
  useCase: () => Pick<GetOrderNotificationsUseCase, 'execute'>,
  logger: Logger,
) {
  return httpHandler(logger).handler(async (event) => {
    const { orderId, notifications } = await useCase().execute(event.pathParameters?.id ?? '');
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId, notifications: notifications.map(toView) }),
    };
  });
}

/** The customer's address stays out of the answer: anyone who knows an order id can ask. */
function toView(notification: Notification) {
  return {
    id: notification.id,
    eventId: notification.eventId,
    channel: notification.channel,
    status: notification.status.value,
    attempts: notification.attempts,
    createdAt: notification.createdAt.toISOString(),
    ...(notification.sentAt ? { sentAt: notification.sentAt.toISOString() } : {}),
    ...(notification.lastError ? { lastError: notification.lastError } : {}),
  };
}

export const handler = getOrderNotificationsHandler(
  getOrderNotifications,
  createLogger('notification-service', 'get-order-notifications'),
);
