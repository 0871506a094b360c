import type { ScheduledEvent } from 'aws-lambda';
import { outboxRelayConfig } from '../../src/orders/orders.config';
import { relayPendingEvents } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';

const logger = createLogger({ service: 'order-service', handler: 'outbox-relay' });

/** What one run reports, in its log line and as its result. */
export interface OutboxRelaySummary {
  due: number;
  published: number;
  stillFailing: number;
  unmarked: number;
  /** Null when no event was due. */
  oldestPendingAgeMs: number | null;
  more: boolean;
  durationMs: number;
}

/**
 * Runs on a schedule (every minute on AWS, every few seconds under `npm run dev`): publishes the
 * OrderCreated events still pending with their orders, then logs one line with what it did. A run that
 * cannot publish does not fail: the events wait for the next run, and the line says how long the oldest
 * has waited. Only a run that cannot even read the pending events fails.
 */
export const handler = async (_event: ScheduledEvent): Promise<OutboxRelaySummary> => {
  const startedAt = Date.now();
  let report;
  try {
    report = await relayPendingEvents().execute({
      deadline: new Date(startedAt + outboxRelayConfig().timeBudgetMs),
    });
  } catch (error) {
    logger.error('outbox relay run failed', { durationMs: Date.now() - startedAt, error });
    throw error;
  }
  const { problem, oldestPendingAgeMs, ...counts } = report;
  const summary: OutboxRelaySummary = {
    ...counts,
    oldestPendingAgeMs: oldestPendingAgeMs ?? null,
    durationMs: Date.now() - startedAt,
  };
  if (summary.stillFailing > 0 || problem) logger.warn('outbox relay run', { ...summary, error: problem });
  else logger.info('outbox relay run', { ...summary });
  return summary;
};
