import type { KafkaEvent, KafkaRecord } from '../../../functions/shared/kafka/kafka-event';
import type { ReadRecord } from './kafka';

/**
 * The event Lambda's MSK event source would deliver for these records: keyed `<topic>-<partition>`, each
 * partition in offset order, key and value in base64, headers as one-key objects of byte arrays.
 */
export function mskEventOf(topic: string, records: ReadRecord[]): KafkaEvent {
  const byPartition: Record<string, KafkaRecord[]> = {};
  for (const { partition, offset, message } of [...records].sort(
    (a, b) => Number(a.offset) - Number(b.offset),
  )) {
    const headers = Object.entries(message.headers ?? {}).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((v) => v !== undefined)
        .map((v) => ({ [name]: [...Buffer.from(v)] })),
    );
    (byPartition[`${topic}-${partition}`] ??= []).push({
      topic,
      partition,
      offset: Number(offset),
      timestamp: Number(message.timestamp),
      timestampType: 'CREATE_TIME',
      ...(message.key ? { key: message.key.toString('base64') } : {}),
      value: (message.value ?? Buffer.alloc(0)).toString('base64'),
      headers,
    } as KafkaRecord);
  }
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/order-system-local/test',
    bootstrapServers: 'localhost:9092',
    records: byPartition,
  };
}
