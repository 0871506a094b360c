import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Order } from '../../src/domain/order/order.entity';
import type { User } from '../../src/domain/user/user.entity';

/** A JSON answer. */
export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A user as the API shows it (docs/openapi.yaml `User`). */
export function userBody(user: User) {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt };
}

/** An order as the API shows it (docs/openapi.yaml `Order`): the amount as an exact decimal string. */
export function orderBody(order: Order) {
  return {
    id: order.id,
    userId: order.customerId,
    status: order.status,
    totalAmount: order.total.amount,
    currency: order.total.currency,
    ...(order.description === undefined ? {} : { description: order.description }),
    createdAt: order.createdAt,
  };
}
