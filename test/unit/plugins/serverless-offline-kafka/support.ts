import type { KafkaMessage } from 'kafkajs';
import type { EventSourceSpec } from '../../../../plugins/serverless-offline-kafka/src/config';
import type { SourceRecord } from '../../../../plugins/serverless-offline-kafka/src/event';

export function record(
  partition: number,
  offset: number,
  value: unknown = { offset },
  timestamp = 1_700_000_000_000,
): SourceRecord {
  return {
    topic: 'orders',
    partition,
    message: {
      key: Buffer.from(`key-${offset}`),
      value: Buffer.from(JSON.stringify(value)),
      timestamp: String(timestamp),
      attributes: 0,
      offset: String(offset),
      headers: {},
    } as KafkaMessage,
  };
}

export function records(partition: number, offsets: number[]): SourceRecord[] {
  return offsets.map((offset) => record(partition, offset));
}

export function spec(overrides: Partial<EventSourceSpec> = {}): EventSourceSpec {
  return {
    functionKey: 'notify',
    functionName: 'shop-local-notify',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-local-notify:$LATEST',
    mappingId: 'NotifyEventSourceMappingMSKOrdersOrders',
    source: { type: 'msk', arn: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc' },
    topic: 'orders',
    consumerGroupId: 'notifications',
    batchSize: 100,
    batchingWindowMs: 500,
    startingPosition: 'TRIM_HORIZON',
    startingPositionTimestampMs: undefined,
    enabled: true,
    filterPatterns: [],
    provisioned: undefined,
    reportBatchItemFailures: false,
    bisectBatchOnFunctionError: false,
    maximumRecordAgeMs: undefined,
    retry: { maximumRetryAttempts: undefined, initialDelayMs: 100, maxDelayMs: 1000 },
    destination: undefined,
    invocationTimeoutMs: 11_000,
    ...overrides,
  };
}

/** `orders-1@5`: how the tests name a record. */
export const id = (r: SourceRecord) => `${r.topic}-${r.partition}@${r.message.offset}`;
