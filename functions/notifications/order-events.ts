import type { ProcessOrderEventUseCase } from '../../src/notifications/application/use-cases/process-order-event.use-case';
import { processOrderEvent } from '../../src/notifications/notifications.container';
import { createLogger, type Logger } from '../../src/shared/logger';
import {
  recordsByPartition,
  toInboundMessage,
  type KafkaEvent,
  type PartitionRecords,
} from '../shared/kafka/kafka-event';

type ProcessOrderEvent = Pick<ProcessOrderEventUseCase, 'execute'>;

/**
 * Consumes `order-events` (consumer group notification-service-group). Partitions run side by side, the
 * records of one partition strictly in offset order. Any record that cannot be processed now fails the
 * whole invocation, so the event source delivers the batch again; what was done is skipped the second time.
 *
 * No partial-batch response (`batchItemFailures`): the Kafka event source honours it only with
 * ReportBatchItemFailures enabled (documented for provisioned mode only); without it, a normal return is
 * success and the failed records would be lost.
 */
export function orderEventsConsumer(useCase: () => ProcessOrderEvent, logger: Logger) {
  return async (event: KafkaEvent): Promise<void> => {
    const processor = useCase();
    const partitions = recordsByPartition(event);
    const stopped = await Promise.all(partitions.map((partition) => consume(partition, processor, logger)));
    const failures = stopped.filter((error) => error !== undefined);
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} of ${partitions.length} partitions stopped on an error; the batch must be delivered again`,
        { cause: failures[0] },
      );
    }
  };
}

/** Processes one partition's records in order; stops at the first failure and returns it. */
async function consume(
  { partition, records }: PartitionRecords,
  processor: ProcessOrderEvent,
  logger: Logger,
): Promise<unknown> {
  for (const record of records) {
    const where = { partition, offset: record.offset };
    try {
      const result = await processor.execute(toInboundMessage(record));
      const level = result.outcome === 'sent' || result.outcome === 'skipped' ? 'info' : 'warn';
      logger[level]('order event processed', { ...where, ...result });
    } catch (error) {
      logger.error('order event not processed', {
        ...where,
        retriable: (error as { retriable?: boolean }).retriable === true,
        error,
      });
      return error;
    }
  }
  return undefined;
}

export const handler = orderEventsConsumer(
  processOrderEvent,
  createLogger({ service: 'notification-service', handler: 'order-events' }),
);
