import type { Order } from '../../src/orders/domain/order.entity';

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
