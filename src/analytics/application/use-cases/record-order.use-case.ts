import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import {
  InvalidOrderEventError,
  parseOrderCreatedMessage,
} from '../../../contracts/order-created/order-created.validation';
import { setAside, type DeadLetterPort } from '../../../shared/application/dead-letter.port';
import type { InboundMessage } from '../../../shared/application/inbound-message';
import { orderFactOf } from '../../domain/order-fact';
import type { OrderStatisticsPort, RecordOutcome } from '../ports/order-statistics.repository.port';

export type RecordOrderOutcome =
  | { outcome: RecordOutcome; eventId: string; orderId: string }
  | { outcome: 'dead-lettered'; code: string; field?: string };

export interface RecordOrderDependencies {
  statistics: OrderStatisticsPort;
  deadLetters: DeadLetterPort;
  clock?: () => Date;
}

/**
 * Counts one delivered `OrderCreated` event in the daily and per-customer totals, exactly once however
 * many times it is delivered. A message that can never be read is set aside, not retried.
 * @throws a retriable DomainError when the store or the dead-letter topic is down: deliver it again later
 */
export class RecordOrderUseCase {
  private readonly clock: () => Date;

  constructor(private readonly deps: RecordOrderDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async execute(message: InboundMessage): Promise<RecordOrderOutcome> {
    let event: OrderCreatedEvent;
    try {
      event = parseOrderCreatedMessage(message.value);
    } catch (error) {
      if (!(error instanceof InvalidOrderEventError)) throw error;
      return setAside(this.deps.deadLetters, message, error, this.clock());
    }
    const outcome = await this.deps.statistics.record(orderFactOf(event));
    return { outcome, eventId: event.eventId, orderId: event.orderId };
  }
}
