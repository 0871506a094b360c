import type { IHeaders } from 'kafkajs';

/**
 * Reads a message of the dead-letter topic, whichever of its two writers put it there:
 * - the Kafka event source (on AWS the event source mapping, locally serverless-offline-kafka), when it gave
 *   up on a record: a JSON failure record in the format AWS documents for `kafka://` destinations, the
 *   original record inside as a one-record Kafka event (`payload`);
 * - notify itself, when an event can never be processed: the original key, value and headers, plus `dlq-*`
 *   headers saying why and where it came from (src/shared/kafka/kafka-dead-letter.publisher.ts).
 */
export interface DeadLetterMessage {
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface DeadLetter {
  /** `<partition>:<offset>` on the dead-letter topic: what `npm run dlq:replay` selects. */
  id: string;
  writer: 'event-source' | 'notify';
  /** RetriesExhausted, RecordAgeExceeded, MaximumPayloadSizeExceeded, or notify's error code. */
  reason: string;
  detail: string | undefined;
  source: { topic: string; partition: number; offset: string; timestamp: number | undefined };
  deadLetteredAt: Date;
  /** Attempts the event source made; unknown for notify's dead letters. */
  attempts: number | undefined;
  /** The original record, as it was produced. */
  original: {
    key: Buffer | null;
    /** Null for a tombstone, or when the dead letter had no room for it (`valueOmitted`). */
    value: Buffer | null;
    headers: Array<{ name: string; value: Buffer }>;
  };
  /** The event source wrote the failure record without the value: the original stays at `source`. */
  valueOmitted: boolean;
}

/** The header serverless-offline-kafka adds when the failure record went without the record's value. */
export const VALUE_OMITTED_HEADER = 'x-offline-kafka-value-omitted';

interface FailureRecordJson {
  requestContext: { condition: string; approximateInvokeCount: number };
  responseContext: { functionError?: string } | null;
  timestamp: string;
  payload: {
    records: Record<
      string,
      Array<{
        topic: string;
        partition: number;
        offset: number;
        timestamp: number;
        key?: string | null;
        value?: string | null;
        headers: Array<Record<string, number[]>>;
      }>
    >;
  };
}

/** @throws Error when the message is neither kind of dead letter. */
export function readDeadLetter(message: DeadLetterMessage): DeadLetter {
  const id = `${message.partition}:${message.offset}`;
  const headers = headerList(message.headers);
  const header = (name: string) => headers.find((h) => h.name === name)?.value.toString('utf8');
  const failure = failureRecordOf(message.value);
  if (failure) {
    const [record] = Object.values(failure.payload.records).flat();
    if (!record) throw new Error(`${id}: a failure record without a record in its payload`);
    const omitted = header(VALUE_OMITTED_HEADER);
    return {
      id,
      writer: 'event-source',
      reason: failure.requestContext.condition,
      detail: omitted ?? failure.responseContext?.functionError,
      source: {
        topic: record.topic,
        partition: record.partition,
        offset: String(record.offset),
        timestamp: record.timestamp,
      },
      deadLetteredAt: new Date(failure.timestamp),
      attempts: failure.requestContext.approximateInvokeCount,
      original: {
        key: typeof record.key === 'string' ? Buffer.from(record.key, 'base64') : null,
        value: typeof record.value === 'string' ? Buffer.from(record.value, 'base64') : null,
        headers: record.headers.flatMap((entry) =>
          Object.entries(entry).map(([name, bytes]) => ({
            name,
            // AWS writes header bytes as signed Java bytes.
            value: Buffer.from(bytes.map((b) => (b < 0 ? b + 256 : b))),
          })),
        ),
      },
      valueOmitted: omitted !== undefined,
    };
  }
  const reason = header('dlq-reason');
  const topic = header('dlq-source-topic');
  if (reason === undefined || topic === undefined)
    throw new Error(`${id}: neither a failure record nor a message with dlq-* headers`);
  const timestamp = header('dlq-source-timestamp');
  const failedAt = header('dlq-failed-at');
  return {
    id,
    writer: 'notify',
    reason,
    detail: [header('dlq-error'), header('dlq-field') && `field ${header('dlq-field')}`]
      .filter(Boolean)
      .join('; '),
    source: {
      topic,
      partition: Number(header('dlq-source-partition')),
      offset: header('dlq-source-offset') ?? '?',
      timestamp: timestamp === undefined ? undefined : Number(timestamp),
    },
    deadLetteredAt: failedAt ? new Date(failedAt) : new Date(Number(message.timestamp)),
    attempts: undefined,
    original: {
      key: message.key,
      value: message.value,
      headers: headers.filter((h) => !h.name.startsWith('dlq-')),
    },
    valueOmitted: false,
  };
}

function failureRecordOf(value: Buffer | null): FailureRecordJson | undefined {
  if (value === null || value.length === 0 || value[0] !== 0x7b) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<FailureRecordJson>;
    return parsed.requestContext && parsed.payload?.records ? (parsed as FailureRecordJson) : undefined;
  } catch {
    return undefined;
  }
}

function headerList(headers: IHeaders | undefined): Array<{ name: string; value: Buffer }> {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value])
      .filter((one): one is Buffer | string => one !== undefined)
      .map((one) => ({ name, value: Buffer.isBuffer(one) ? one : Buffer.from(one) })),
  );
}

/** `12 s`, `5 min`, `3 h`, `2 d`: how long ago, in the largest unit that fits. */
export function age(since: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
