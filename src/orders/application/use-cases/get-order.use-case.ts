import type { Order } from '../../domain/order.entity';
import { OrderNotFoundError } from '../../domain/order.errors';
import { parseId } from '../../../shared/domain/id.value-object';
import type { OrderRepositoryPort } from '../ports/order.repository.port';

/** Looks an order up by id. */
export class GetOrderUseCase {
  constructor(private readonly orders: OrderRepositoryPort) {}

  /**
   * @throws InvalidIdError when `id` is not a UUID.
   * @throws OrderNotFoundError
   * @throws OrderStoreUnavailableError
   */
  async execute(id: string): Promise<Order> {
    const orderId = parseId(id, 'id');
    const order = await this.orders.findById(orderId);
    if (!order) throw new OrderNotFoundError(`no order with id ${orderId}`);
    return order;
  }
}
