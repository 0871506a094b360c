import type { MSKEvent, MSKRecord, SelfManagedKafkaEvent } from 'aws-lambda';
import type { InboundMessage } from '../../../src/shared/application/inbound-message';

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

/** A record as the core sees it: bytes decoded from base64, headers from byte arrays, where it came from. */
export function toInboundMessage(record: KafkaRecord): InboundMessage {
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
  };
}
