import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import {
  InvalidOrderEventError,
  parseOrderCreated,
} from '../../../contracts/order-created/order-created.validation';
import type { DeadLetterPort } from '../../../shared/application/dead-letter.port';
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
      event = parseOrderCreated(decodeUtf8(message.value));
    } catch (error) {
      if (!(error instanceof InvalidOrderEventError)) throw error;
      await this.deps.deadLetters.quarantine(message, {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
        at: this.clock(),
      });
      return { outcome: 'dead-lettered', code: error.code, ...(error.field ? { field: error.field } : {}) };
    }
    const outcome = await this.deps.statistics.record(orderFactOf(event));
    return { outcome, eventId: event.eventId, orderId: event.orderId };
  }
}

function decodeUtf8(bytes: Uint8Array | null): string {
  if (bytes === null || bytes.length === 0) {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the message has no value');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the message value is not UTF-8 text');
  }
}
