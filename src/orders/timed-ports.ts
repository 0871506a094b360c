import { timedStage } from '../shared/stage-timings';
import type { OrderEventPublisherPort } from './application/ports/order-event.publisher.port';
import type { OrderRepositoryPort } from './application/ports/order.repository.port';
import type { UserDirectoryPort } from './application/ports/user-directory.port';

/**
 * create-order's ports, each call timed as a stage of the invocation (its log line and Server-Timing
 * header): the use case and the adapters stay as they are.
 */
export const ORDER_STAGES = {
  userLookup: 'user',
  store: 'store',
  publish: 'publish',
  markPublished: 'mark',
} as const;

export function timedDirectory(directory: UserDirectoryPort): UserDirectoryPort {
  return {
    findCustomer: (userId) => timedStage(ORDER_STAGES.userLookup, () => directory.findCustomer(userId)),
  };
}

export function timedOrders(orders: OrderRepositoryPort): OrderRepositoryPort {
  return {
    add: (...args) => timedStage(ORDER_STAGES.store, () => orders.add(...args)),
    markEventPublished: (...args) =>
      timedStage(ORDER_STAGES.markPublished, () => orders.markEventPublished(...args)),
    findPendingEvents: (...args) => orders.findPendingEvents(...args),
    findById: (...args) => orders.findById(...args),
    findPlaced: (...args) => orders.findPlaced(...args),
  };
}

export function timedPublisher(publisher: OrderEventPublisherPort): OrderEventPublisherPort {
  return { publish: (event) => timedStage(ORDER_STAGES.publish, () => publisher.publish(event)) };
}
