import type { RawRecord } from './sources';

/** Headers the dead-letter writers add; a replayed record goes back without them, as it first was. */
const DEAD_LETTER_HEADER = /^(dlq-|failure-)/;

/** A dead letter's original record: what to put back, and where. */
export interface OriginalRecord {
  topic: string | undefined;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawRecord['headers'];
}

/**
 * The original record inside a dead letter, whichever writer put it there: notify and the local event
 * source keep the record as it was, with `dlq-*` or `failure-*` headers added; AWS's event source mapping
 * (and a local event source that writes AWS's format) writes a JSON failure record holding the original as
 * a one-record Kafka event (`payload.records`, key and value base64, header bytes signed).
 */
export function originalOf(record: RawRecord): OriginalRecord {
  const failure = failureRecordOf(record.value);
  const inner = failure ? Object.values(failure.payload.records).flat()[0] : undefined;
  if (inner) {
    return {
      topic: inner.topic,
      key: typeof inner.key === 'string' ? Buffer.from(inner.key, 'base64') : null,
      value: typeof inner.value === 'string' ? Buffer.from(inner.value, 'base64') : null,
      headers: (inner.headers ?? []).flatMap((entry) =>
        Object.entries(entry).map(([name, bytes]) => ({
          name,
          value: Buffer.from(bytes.map((b) => (b < 0 ? b + 256 : b))),
        })),
      ),
    };
  }
  const source = record.headers
    .filter((h) => h.name === 'dlq-source-topic' || h.name === 'failure-topic')
    .at(-1);
  return {
    topic: source?.value.toString('utf8') || undefined,
    key: record.key,
    value: record.value,
    headers: record.headers.filter((h) => !DEAD_LETTER_HEADER.test(h.name)),
  };
}

export interface FailureRecord {
  requestContext: { condition?: string; approximateInvokeCount?: number; functionArn?: string };
  responseContext?: { functionError?: string } | null;
  timestamp?: string;
  payload: {
    records: Record<
      string,
      Array<{
        topic: string;
        partition: number;
        offset: number;
        key?: string | null;
        value?: string | null;
        headers?: Array<Record<string, number[]>>;
      }>
    >;
  };
}

/** The value as AWS's JSON failure record for `kafka://` destinations, if it is one. */
export function failureRecordOf(value: Buffer | null): FailureRecord | undefined {
  if (value === null || value[0] !== 0x7b) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<FailureRecord>;
    return parsed.requestContext && parsed.payload?.records ? (parsed as FailureRecord) : undefined;
  } catch {
    return undefined;
  }
}
