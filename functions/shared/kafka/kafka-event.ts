import type { MSKEvent, MSKRecord, SelfManagedKafkaEvent } from 'aws-lambda';
import type { InboundMessage, MessageDelivery } from '../../../src/shared/application/inbound-message';

/** What Lambda's Kafka event source delivers, from Amazon MSK (`aws:kafka`) or a self-managed cluster. */
export type KafkaEvent = MSKEvent | SelfManagedKafkaEvent;
export type KafkaRecord = MSKRecord;

/**
 * A partial batch response, as the Kafka event source reads it when its mapping has
 * `FunctionResponseTypes: [ReportBatchItemFailures]` (@types/aws-lambda has no Kafka form): each failed
 * record named by `<topic>-<partition>` and its offset. An empty list means every record was processed.
 */
export interface KafkaBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: { partition: string; offset: number } }>;
}

/** The item identifier of a record in a partial batch response. */
export function itemIdentifier(record: KafkaRecord): { partition: string; offset: number } {
  return { partition: `${record.topic}-${record.partition}`, offset: Number(record.offset) };
}

export interface PartitionRecords {
  /** `<topic>-<partition>`, as the event keys them. */
  partition: string;
  records: KafkaRecord[];
}

/** The records of an event by partition, each partition's in offset order. */
export function recordsByPartition(event: KafkaEvent): PartitionRecords[] {
  return Object.entries(event.records ?? {}).map(([partition, records]) => ({
    partition,
    records: [...records].sort((a, b) => Number(a.offset) - Number(b.offset)),
  }));
}

/**
 * A record as the core sees it: bytes decoded from base64, headers from byte arrays, where it came from,
 * and, when given, when and in what batch the invocation received it.
 */
export function toInboundMessage(record: KafkaRecord, delivery?: MessageDelivery): InboundMessage {
  return {
    // Both are absent (or null) when the producer sent none.
    key: record.key ? Buffer.from(record.key, 'base64') : null,
    value: typeof record.value === 'string' ? Buffer.from(record.value, 'base64') : null,
    headers: (record.headers ?? []).flatMap((header) =>
      Object.entries(header).map(([name, bytes]) => ({ name, value: Uint8Array.from(bytes) })),
    ),
    origin: {
      topic: record.topic,
      partition: String(record.partition),
      offset: String(record.offset),
      timestamp: String(record.timestamp),
    },
    ...(delivery ? { delivery } : {}),
  };
}

/**
 * Processes a batch as Lambda's partial batch responses need: partitions side by side, the records of one
 * partition strictly in offset order. When a record fails, its partition stops there: that record and every
 * later one of the partition are returned, to be named as failed and delivered again; none of them may
 * be processed before it. `failed` hears each failure (to log it).
 */
export async function processByPartition(
  event: KafkaEvent,
  processOne: (record: KafkaRecord, where: { partition: string; offset: number }) => Promise<void>,
  failed: (error: unknown, where: { partition: string; offset: number }) => void,
): Promise<KafkaRecord[]> {
  const partitions = recordsByPartition(event).map(async ({ partition, records }) => {
    for (const [index, record] of records.entries()) {
      const where = { partition, offset: record.offset };
      try {
        await processOne(record, where);
      } catch (error) {
        failed(error, where);
        return records.slice(index);
      }
    }
    return [];
  });
  return (await Promise.all(partitions)).flat();
}
