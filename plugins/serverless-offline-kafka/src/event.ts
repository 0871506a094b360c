import type { KafkaMessage } from 'kafkajs';

/** One record as read from Kafka, with where it came from. */
export interface SourceRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/** A record in the invocation event, as AWS Lambda's Kafka event source mapping writes it. */
export interface LambdaKafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  key?: string;
  value?: string;
  headers: Array<Record<string, number[]>>;
}

export type EventSource = { type: 'msk'; arn: string } | { type: 'kafka' };

export type LambdaKafkaEvent = {
  bootstrapServers: string;
  records: Record<string, LambdaKafkaRecord[]>;
} & ({ eventSource: 'aws:kafka'; eventSourceArn: string } | { eventSource: 'SelfManagedKafka' });

/**
 * The event AWS delivers for a batch: records grouped by `<topic>-<partition>`, each group in offset order,
 * several partitions in one invocation.
 */
export function buildEvent(
  source: EventSource,
  bootstrapServers: string,
  records: readonly SourceRecord[],
): LambdaKafkaEvent {
  const grouped: Record<string, LambdaKafkaRecord[]> = {};
  for (const record of records) {
    (grouped[`${record.topic}-${record.partition}`] ??= []).push(toLambdaRecord(record));
  }
  for (const group of Object.values(grouped)) group.sort((a, b) => a.offset - b.offset);
  return source.type === 'msk'
    ? { eventSource: 'aws:kafka', eventSourceArn: source.arn, bootstrapServers, records: grouped }
    : { eventSource: 'SelfManagedKafka', bootstrapServers, records: grouped };
}

export function toLambdaRecord({ topic, partition, message }: SourceRecord): LambdaKafkaRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    timestampType: timestampType(message),
    // AWS leaves out the key of a keyless record and the value of a tombstone rather than sending null.
    ...(message.key !== null && message.key !== undefined ? { key: message.key.toString('base64') } : {}),
    ...(message.value !== null && message.value !== undefined
      ? { value: message.value.toString('base64') }
      : {}),
    headers: headersOf(message),
  };
}

/**
 * Each header is a one-key object; its value is the bytes as numbers. AWS serialises them as Java bytes,
 * which are signed: 0xC3 arrives as -61. We reproduce that so handlers meet the same numbers locally.
 */
function headersOf(message: KafkaMessage): Array<Record<string, number[]>> {
  const headers: Array<Record<string, number[]>> = [];
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (one === undefined) continue;
      const bytes = typeof one === 'string' ? Buffer.from(one, 'utf8') : one;
      headers.push({ [name]: Array.from(bytes, (byte) => (byte > 127 ? byte - 256 : byte)) });
    }
  }
  return headers;
}

/** kafkajs keeps the record batch's timestamp type on each message, though its types do not say so. */
function timestampType(message: KafkaMessage): LambdaKafkaRecord['timestampType'] {
  const context = (message as { batchContext?: { timestampType?: number } }).batchContext;
  return context?.timestampType === 1 ? 'LOG_APPEND_TIME' : 'CREATE_TIME';
}

/** Lambda's limit on a synchronous invocation's payload: 6 MB. */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** The JSON size of a record in the event, to keep an invocation under Lambda's 6 MB payload limit. */
export function eventSizeOf(record: SourceRecord): number {
  return Buffer.byteLength(JSON.stringify(toLambdaRecord(record))) + 1;
}

/** The exact size of an event as sent to the function. */
export function eventBytes(event: LambdaKafkaEvent): number {
  return Buffer.byteLength(JSON.stringify(event));
}

/** `orders-0`: how the event keys a topic-partition, and how partial batch responses name it. */
export function partitionKey(record: Pick<SourceRecord, 'topic' | 'partition'>): string {
  return `${record.topic}-${record.partition}`;
}
