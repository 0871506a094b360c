import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type {
  ProcessingWindow,
  ProcessOrderEventUseCase,
} from '../../src/notifications/application/use-cases/process-order-event.use-case';
import { processOrderEvent } from '../../src/notifications/notifications.container';
import { createLogger, type Logger } from '../../src/shared/logger';
import {
  itemIdentifier,
  recordsByPartition,
  toInboundMessage,
  type KafkaBatchResponse,
  type KafkaEvent,
  type KafkaRecord,
  type PartitionRecords,
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
      const processor = useCase();
      // Nothing of this invocation runs past its timeout: the lease of each send attempt ends then.
      const window = { deadline: new Date(Date.now() + context.getRemainingTimeInMillis()) };
      const partitions = recordsByPartition(event);
      const unprocessed = (
        await Promise.all(partitions.map((partition) => consume(partition, processor, window, logger)))
      ).flat();
      if (unprocessed.length > 0) {
        logger.warn('order events left for redelivery', {
          partitions: [...new Set(unprocessed.map((record) => `${record.topic}-${record.partition}`))],
          records: unprocessed.length,
        });
      }
      return { batchItemFailures: unprocessed.map((record) => ({ itemIdentifier: itemIdentifier(record) })) };
    });
}

/**
 * Processes one partition's records in order; stops at the first that fails and returns it with the
 * records after it, which must not be processed before it.
 */
async function consume(
  { partition, records }: PartitionRecords,
  processor: ProcessOrderEvent,
  window: ProcessingWindow,
  logger: Logger,
): Promise<KafkaRecord[]> {
  for (const [index, record] of records.entries()) {
    const where = { partition, offset: record.offset };
    try {
      const result = await processor.execute(toInboundMessage(record), window);
      const level = result.outcome === 'sent' || result.outcome === 'skipped' ? 'info' : 'warn';
      logger[level]('order event processed', { ...where, ...result });
    } catch (error) {
      logger.error('order event not processed', {
        ...where,
        retriable: (error as { retriable?: boolean }).retriable === true,
        error,
      });
      return records.slice(index);
    }
  }
  return [];
}

export const handler = orderEventsConsumer(
  processOrderEvent,
  createLogger('notification-service', 'order-events'),
);
