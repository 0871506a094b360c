import { buildEvent, eventBytes, type EventSource, type LambdaKafkaEvent, type SourceRecord } from './event';

/**
 * The record the event source mapping writes to a `kafka://` on-failure destination for each record it
 * gives up on, field by field as AWS documents it ("Using a Kafka topic as an on-failure destination",
 * Record format): failure metadata plus, as `payload`, the complete event the function would have received
 * for that one record. The plugin README lists what the documentation leaves open and what we chose.
 */
export type FailureCondition = 'RetriesExhausted' | 'RecordAgeExceeded' | 'MaximumPayloadSizeExceeded';

export interface ResponseContext {
  statusCode: number;
  executedVersion: string;
  /** Present when the function failed; left out when it answered with a partial batch response. */
  functionError?: 'Unhandled';
}

export interface FailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  /** The last invocation's outcome; null when the record never reached the function. */
  responseContext: ResponseContext | null;
  version: '1.0';
  timestamp: string;
  KafkaBatchInfo: {
    batchSize: 1;
    /** Left out for a self-managed cluster, which has no ARN. */
    eventSourceArn?: string;
    bootstrapServers: string;
    payloadSize: number;
    recordInfo: { offset: string; timestamp: string };
  };
  payload: LambdaKafkaEvent;
}

export interface FailureContext {
  functionArn: string;
  source: EventSource;
  bootstrapServers: string;
  condition: FailureCondition;
  /** Invocations that included the record. */
  invokeCount: number;
  /** The last such invocation's request id, or a fresh one when there was none. */
  requestId: string;
  response: ResponseContext | null;
  now: Date;
}

export function failureRecord(record: SourceRecord, context: FailureContext): FailureRecord {
  const payload = buildEvent(context.source, context.bootstrapServers, [record]);
  return {
    requestContext: {
      requestId: context.requestId,
      functionArn: context.functionArn,
      condition: context.condition,
      approximateInvokeCount: context.invokeCount,
    },
    responseContext: context.response,
    version: '1.0',
    timestamp: context.now.toISOString(),
    KafkaBatchInfo: {
      batchSize: 1,
      ...(context.source.type === 'msk' ? { eventSourceArn: context.source.arn } : {}),
      bootstrapServers: context.bootstrapServers,
      payloadSize: eventBytes(payload),
      recordInfo: {
        offset: record.message.offset,
        timestamp: new Date(Number(record.message.timestamp)).toISOString(),
      },
    },
    payload,
  };
}

/**
 * The same record without the original value, for a destination topic that cannot take the whole: the
 * metadata and the record's coordinates still say what failed and where the original is kept.
 */
export function withoutValue(failure: FailureRecord): FailureRecord {
  const records = Object.fromEntries(
    Object.entries(failure.payload.records).map(([key, list]) => [
      key,
      list.map(({ value: _value, ...rest }) => rest),
    ]),
  );
  return { ...failure, payload: { ...failure.payload, records } };
}
