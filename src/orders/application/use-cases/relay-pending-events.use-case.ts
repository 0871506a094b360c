import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import type { ClockPort } from '../../../shared/application/clock.port';
import { DomainError } from '../../../shared/domain/domain-error';
import type { OrderEventPublisherPort } from '../ports/order-event.publisher.port';
import type { OrderRepositoryPort } from '../ports/order.repository.port';

export interface RelaySettings {
  /**
   * Only events of orders at least this old are taken: a younger one may still be in the hands of the
   * create-order call that stored it, which publishes it itself (docs/order-flow.md).
   */
  minPendingAgeMs: number;
  /** At most this many events per run; the rest wait for the next run. */
  pageSize: number;
}

export interface RelayRun {
  /** When the run must stop starting new publications (the caller's time budget). */
  deadline: Date;
}

/** What one run did: the figures an operator watches. */
export interface RelayReport {
  /** Events older than the cutoff found pending (at most the page size). */
  due: number;
  /** Published and marked, or published with the mark left for a later run. */
  published: number;
  /** Due events still pending after the run: failed, or not tried (bus down, time budget spent). */
  stillFailing: number;
  /** Published, but the order could not be marked: published again by a later run, deduplicated. */
  unmarked: number;
  /** Age of the oldest due event when the run started, or undefined when none was due. */
  oldestPendingAgeMs: number | undefined;
  /** Whether more events may be due than this run's page. */
  more: boolean;
  /** Why the run stopped early, if it did. */
  problem?: DomainError;
}

/**
 * The outbox relay: publishes the `OrderCreated` events that stayed pending with their orders (the bus was
 * down, or create-order died between storing and publishing), exactly as create-order would have
 * published them, then marks them published. At-least-once: consumers deduplicate on `eventId`.
 */
export class RelayPendingEventsUseCase {
  constructor(
    private readonly orders: OrderRepositoryPort,
    private readonly events: OrderEventPublisherPort,
    private readonly clock: ClockPort,
    private readonly settings: RelaySettings,
  ) {}

  /**
   * Publishes due events oldest first until none is left, the page is done, the bus fails, or the
   * deadline passes. A bus that fails is not tried again in this run: the next run will.
   * @throws OrderStoreUnavailableError when the pending events cannot be read; nothing was published.
   */
  async execute({ deadline }: RelayRun): Promise<RelayReport> {
    const startedAt = this.clock.now();
    const cutoff = new Date(startedAt.getTime() - this.settings.minPendingAgeMs);
    const { events, more } = await this.orders.findPendingEvents(cutoff, this.settings.pageSize);
    const report: RelayReport = {
      due: events.length,
      published: 0,
      stillFailing: events.length,
      unmarked: 0,
      oldestPendingAgeMs: events[0] && startedAt.getTime() - Date.parse(events[0].createdAt),
      more,
    };
    for (const event of events) {
      if (this.clock.now() >= deadline) break;
      const problem = await this.relay(event, report);
      if (problem) {
        report.problem = problem;
        break;
      }
    }
    return report;
  }

  /** Publishes and marks one event; returns the problem that should end the run, if any. */
  private async relay(event: OrderCreatedEvent, report: RelayReport): Promise<DomainError | undefined> {
    try {
      await this.events.publish(event);
    } catch (error) {
      // Only a retriable failure is one to wait out; anything else is a bug and must surface.
      if (!isRetriable(error)) throw error;
      return error;
    }
    report.published++;
    report.stillFailing--;
    try {
      await this.orders.markEventPublished(event.orderId, event.eventId, this.clock.now());
    } catch (error) {
      if (!isRetriable(error)) throw error;
      // The event is out; a store that failed now will likely fail the next mark too.
      report.unmarked++;
      return error;
    }
    return undefined;
  }
}

function isRetriable(error: unknown): error is DomainError {
  return error instanceof DomainError && error.retriable;
}
