import type { KafkaMessage } from 'kafkajs';
import type { PartitionChunk } from '../../../../plugins/serverless-offline-kafka/src/batcher';
import type { EventSourceSpec } from '../../../../plugins/serverless-offline-kafka/src/config';
import type { SourceRecord } from '../../../../plugins/serverless-offline-kafka/src/event';

export function record(partition: number, offset: number, value: unknown = { offset }): SourceRecord {
  return {
    topic: 'orders',
    partition,
    message: {
      key: Buffer.from(`key-${offset}`),
      value: Buffer.from(JSON.stringify(value)),
      timestamp: '1700000000000',
      attributes: 0,
      offset: String(offset),
      headers: {},
    } as KafkaMessage,
  };
}

export function chunk(
  partition: number,
  offsets: number[],
  heartbeat = async () => undefined,
): PartitionChunk {
  return {
    topic: 'orders',
    partition,
    records: offsets.map((o) => record(partition, o)),
    bytes: 100 * offsets.length,
    heartbeat,
  };
}

export function spec(overrides: Partial<EventSourceSpec> = {}): EventSourceSpec {
  return {
    functionKey: 'notify',
    functionName: 'shop-local-notify',
    source: { type: 'msk', arn: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc' },
    topic: 'orders',
    consumerGroupId: 'notifications',
    batchSize: 100,
    batchingWindowMs: 500,
    startingPosition: 'TRIM_HORIZON',
    startingPositionTimestampMs: undefined,
    enabled: true,
    filterPatterns: [],
    retry: { maximumRetryAttempts: undefined, initialDelayMs: 100, maxDelayMs: 1000 },
    onFailureTopic: undefined,
    invocationTimeoutMs: 11_000,
    ...overrides,
  };
}
