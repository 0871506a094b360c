import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ProcessOrderEventUseCase } from '../../src/notifications/application/use-cases/process-order-event.use-case';
import { processOrderEvent } from '../../src/notifications/notifications.container';
import { createLogger, type Logger } from '../../src/shared/logger';
import {
  itemIdentifier,
  processByPartition,
  recordsByPartition,
  toInboundMessage,
  type KafkaBatchResponse,
  type KafkaEvent,
} from '../shared/kafka/kafka-event';

type ProcessOrderEvent = Pick<ProcessOrderEventUseCase, 'execute'>;

/**
 * Consumes `order-events` (consumer group notification-service-group). Partitions run side by side, the
 * records of one partition strictly in offset order. When a record cannot be processed now, its partition
 * stops there and the answer names that record and every later one of the partition as failed (a partial
 * batch response): the event source commits the other partitions and delivers only those again, so one
 * stuck partition makes no other partition's records run again. What was done is skipped the second time.
 *
 * The partial batch response needs ReportBatchItemFailures on the mapping (serverless.yml sets it, a
 * template test checks it): without it, a normal return is a success and the named records would be lost.
 * Every unprocessed record is named, not only the first, so they are retried whether the event source
 * resumes the partition at the first named offset or retries exactly the named records.
 */
export function orderEventsConsumer(useCase: () => ProcessOrderEvent, logger: Logger) {
  return middy<KafkaEvent, KafkaBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      // When this invocation got its batch, and how big it was: recorded with each notification it attempts.
      const receivedAt = new Date();
      const processor = useCase();
      // Nothing of this invocation runs past its timeout: the lease of each send attempt ends then.
      const window = { deadline: new Date(Date.now() + context.getRemainingTimeInMillis()) };
      const batchSize = recordsByPartition(event).reduce((sum, p) => sum + p.records.length, 0);
      const delivery = { receivedAt, batchSize };
      const unprocessed = await processByPartition(
        event,
        async (record, where) => {
          const result = await processor.execute(toInboundMessage(record, delivery), window);
          const level = result.outcome === 'sent' || result.outcome === 'skipped' ? 'info' : 'warn';
          logger[level]('order event processed', { ...where, ...result });
        },
        (error, where) => logger.error('order event not processed', { ...where, ...failure(error) }),
      );
      if (unprocessed.length > 0) {
        logger.warn('order events left for redelivery', {
          partitions: [...new Set(unprocessed.map((record) => `${record.topic}-${record.partition}`))],
          records: unprocessed.length,
        });
      }
      return { batchItemFailures: unprocessed.map((record) => ({ itemIdentifier: itemIdentifier(record) })) };
    });
}

function failure(error: unknown) {
  return { retriable: (error as { retriable?: boolean }).retriable === true, error };
}

export const handler = orderEventsConsumer(
  processOrderEvent,
  createLogger('notification-service', 'order-events'),
);
