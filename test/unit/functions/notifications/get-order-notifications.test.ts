import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import apiEvent from '../../../fixtures/events/http-get-order-notifications.json';
import { getOrderNotificationsHandler } from '../../../../functions/notifications/get-order-notifications';
import { GetOrderNotificationsUseCase } from '../../../../src/notifications/application/use-cases/get-order-notifications.use-case';
import { Notification } from '../../../../src/notifications/domain/notification.entity';
import { NotificationStoreUnavailableError } from '../../../../src/notifications/domain/notification.errors';
import { createLogger } from '../../../../src/shared/logger';
import { captureLogs, type CapturedLogs } from '../../../support/logs';
import { InMemoryNotificationRepository } from '../../fakes/notification.fakes';

const ORDER_ID = '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b';
const context = { awsRequestId: 'req-1' } as Context;

describe('GET /api/orders/{id}/notifications', () => {
  let notifications: InMemoryNotificationRepository;
  let call: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

  const request = (id: string) =>
    ({ ...structuredClone(apiEvent), pathParameters: { id } }) as unknown as APIGatewayProxyEventV2;
  const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body as string);

  let captured: CapturedLogs;
  afterEach(() => captured.restore());

  beforeEach(() => {
    captured = captureLogs();
    notifications = new InMemoryNotificationRepository();
    const useCase = new GetOrderNotificationsUseCase(notifications);
    const handler = getOrderNotificationsHandler(
      () => useCase,
      createLogger('notification-service', 'get-order-notifications'),
    );
    call = (event) => handler(event, context) as Promise<APIGatewayProxyStructuredResultV2>;
  });

  it("answers the order's notifications with their status, without the customer's address", async () => {
    const t0 = new Date('2026-01-20T10:30:05.000Z');
    const created = Notification.create({
      id: 'n-1',
      eventId: '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f',
      orderId: ORDER_ID,
      recipient: 'user@email.com',
      channel: 'EMAIL',
      now: t0,
    });
    await notifications.save(
      created.startAttempt(t0, 60_000).markSent('ses-1', new Date('2026-01-20T10:30:06.000Z')),
    );

    const response = await call(request(ORDER_ID));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(bodyOf(response)).toEqual({
      orderId: ORDER_ID,
      notifications: [
        {
          id: 'n-1',
          eventId: '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f',
          channel: 'EMAIL',
          status: 'SENT',
          attempts: 1,
          createdAt: '2026-01-20T10:30:05.000Z',
          sentAt: '2026-01-20T10:30:06.000Z',
        },
      ],
    });
    expect(response.body).not.toContain('user@email.com');
  });

  it('finds the notifications of an order id typed in upper case, as GET /api/orders/{id} finds the order', async () => {
    const t0 = new Date('2026-01-20T10:30:05.000Z');
    await notifications.save(
      Notification.create({
        id: 'n-1',
        eventId: '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f',
        orderId: ORDER_ID,
        recipient: 'user@email.com',
        channel: 'EMAIL',
        now: t0,
      }),
    );

    const response = await call(request(ORDER_ID.toUpperCase()));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({ orderId: ORDER_ID, notifications: [{ id: 'n-1' }] });
  });

  it('answers an empty list for an order nothing was sent about yet', async () => {
    const response = await call(request(ORDER_ID));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ orderId: ORDER_ID, notifications: [] });
  });

  it('answers 400 naming the field when the id is not a UUID', async () => {
    const response = await call(request('order-123'));

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: { code: 'INVALID_ORDER_ID', message: 'the order id must be a UUID', field: 'orderId' },
    });
  });

  it('answers 503 with Retry-After while the store is unavailable', async () => {
    jest
      .spyOn(notifications, 'listByOrder')
      .mockRejectedValueOnce(new NotificationStoreUnavailableError('DynamoDB TimeoutError'));

    const response = await call(request(ORDER_ID));

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '5' });
    expect(bodyOf(response).error.code).toBe('NOTIFICATION_STORE_UNAVAILABLE');
  });
});
