import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { recordOrder } from '../../src/analytics/analytics.container';
import type { RecordOrderUseCase } from '../../src/analytics/application/use-cases/record-order.use-case';
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
      const unprocessed = (
        await Promise.all(recordsByPartition(event).map((partition) => consume(partition, recorder, logger)))
      ).flat();
      if (unprocessed.length > 0) {
        logger.warn('order events left for redelivery', { records: unprocessed.length });
      }
      return { batchItemFailures: unprocessed.map((record) => ({ itemIdentifier: itemIdentifier(record) })) };
    });
}

async function consume(
  { partition, records }: PartitionRecords,
  recorder: RecordOrder,
  logger: Logger,
): Promise<KafkaRecord[]> {
  for (const [index, record] of records.entries()) {
    const where = { partition, offset: record.offset };
    try {
      const result = await recorder.execute(toInboundMessage(record));
      logger[result.outcome === 'dead-lettered' ? 'warn' : 'info']('order event recorded', {
        ...where,
        ...result,
      });
    } catch (error) {
      logger.error('order event not recorded', {
        ...where,
        retriable: (error as { retriable?: boolean }).retriable === true,
        error,
      });
      return records.slice(index);
    }
  }
  return [];
}

export const handler = orderEventsConsumer(recordOrder, createLogger('analytics-service', 'order-events'));
