import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { recordOrder } from '../../src/analytics/analytics.container';
import type { RecordOrderUseCase } from '../../src/analytics/application/use-cases/record-order.use-case';
import { createLogger, type Logger } from '../../src/shared/logger';
import {
  itemIdentifier,
  processByPartition,
  toInboundMessage,
  type KafkaBatchResponse,
  type KafkaEvent,
} from '../shared/kafka/kafka-event';

type RecordOrder = Pick<RecordOrderUseCase, 'execute'>;

/**
 * Consumes `order-events` in consumer group analytics-service-group, as notify does in its own: partitions
 * side by side, each in offset order, stopping a partition at a record that cannot be counted now and
 * naming it and every later record of its partition in a partial batch response. Counting is exact
 * whatever is delivered again: an event already counted is skipped by the store's transaction.
 */
export function orderEventsConsumer(useCase: () => RecordOrder, logger: Logger) {
  return middy<KafkaEvent, KafkaBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const recorder = useCase();
      const unprocessed = await processByPartition(
        event,
        async (record, where) => {
          const result = await recorder.execute(toInboundMessage(record));
          logger[result.outcome === 'dead-lettered' ? 'warn' : 'info']('order event recorded', {
            ...where,
            ...result,
          });
        },
        (error, where) =>
          logger.error('order event not recorded', {
            ...where,
            retriable: (error as { retriable?: boolean }).retriable === true,
            error,
          }),
      );
      if (unprocessed.length > 0) {
        logger.warn('order events left for redelivery', { records: unprocessed.length });
      }
      return { batchItemFailures: unprocessed.map((record) => ({ itemIdentifier: itemIdentifier(record) })) };
    });
}

export const handler = orderEventsConsumer(recordOrder, createLogger('analytics-service', 'order-events'));
