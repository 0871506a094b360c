import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { outboxRelayConfig } from '../../src/orders/orders.config';
import { relayPendingEvents } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';

const logger = createLogger('order-service', 'outbox-relay');

/** What one run reports, in its log line and as its result. */
export interface OutboxRelaySummary {
  due: number;
  published: number;
  stillFailing: number;
  unmarked: number;
  /** How long the oldest due event had waited; 0 when none was due (a metric needs a number). */
  oldestPendingAgeMs: number;
  more: boolean;
  durationMs: number;
}

/**
 * Runs on a schedule (every minute on AWS, every few seconds under `npm run dev`): publishes the
 * OrderCreated events still pending with their orders, then logs one line with what it did. A run that
 * cannot publish does not fail: the events wait for the next run, and the line says how long the oldest
 * has waited. Only a run that cannot even read the pending events fails.
 */
export const handler = middy<ScheduledEvent, OutboxRelaySummary, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
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
      oldestPendingAgeMs: oldestPendingAgeMs ?? 0,
      durationMs: Date.now() - startedAt,
    };
    if (summary.stillFailing > 0 || problem) logger.warn('outbox relay run', { ...summary, error: problem });
    else logger.info('outbox relay run', { ...summary });
    return summary;
  });
