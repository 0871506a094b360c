import type { DeadLetterView, RecordsPage, RecordView, ReplayResult } from '../../api';
import { failureRecordOf, originalOf } from '../dead-letters';
import type { KafkaSource, RawRecord } from '../sources';

export const MAX_RECORDS = 100;
/** How far back a search by key looks in the key's partition. */
export const KEY_SEARCH_DEPTH = 1000;

/** A record for people: key and headers as text, the value parsed when it is JSON. */
export function decodeRecord(record: RawRecord): RecordView {
  const text = record.value === null ? null : record.value.toString('utf8');
  let json: unknown;
  if (text !== null) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: record.key === null ? null : record.key.toString('utf8'),
    headers: record.headers.map(({ name, value }) => ({ name, value: value.toString('utf8') })),
    json,
    text: json === undefined ? text : null,
  };
}

export class BadQueryError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'BadQueryError';
  }
}

/**
 * Records of one partition from `offset` on (default: the newest `limit`), or, with `key`, the records with
 * that key among the last KEY_SEARCH_DEPTH of the partition the producers' partitioner picks for it.
 */
export async function browseRecords(
  kafka: KafkaSource,
  query: { topic: string; partition?: number; offset?: number; key?: string; limit?: number },
): Promise<RecordsPage> {
  const limit = Math.min(Math.max(1, query.limit ?? 20), MAX_RECORDS);
  const offsets = await kafka.offsets(query.topic);
  if (offsets.length === 0) throw new BadQueryError(`no topic ${query.topic}`, 'topic');
  const partition =
    query.key !== undefined ? await kafka.partitionFor(query.topic, query.key) : (query.partition ?? 0);
  const bounds = offsets.find((o) => o.partition === partition);
  if (!bounds) throw new BadQueryError(`${query.topic} has no partition ${partition}`, 'partition');
  const { low: first, high: last } = bounds;

  if (query.key !== undefined) {
    const from = Math.max(first, last - KEY_SEARCH_DEPTH);
    const records = (await kafka.read(query.topic, [{ partition, from, to: last }]))
      .filter((r) => r.key !== null && r.key.toString('utf8') === query.key)
      .slice(-limit)
      .map(decodeRecord);
    return { topic: query.topic, partition, first, last, records, query: { key: query.key, limit } };
  }
  const from = Math.max(first, query.offset ?? last - limit);
  const to = Math.min(last, from + limit);
  const records =
    from < to ? (await kafka.read(query.topic, [{ partition, from, to }])).map(decodeRecord) : [];
  return { topic: query.topic, partition, first, last, records, query: { offset: from, limit } };
}

/** The newest `perPartition` records of every partition of `topic`, newest first. */
export async function tail(kafka: KafkaSource, topic: string, perPartition: number): Promise<RawRecord[]> {
  const offsets = await kafka.offsets(topic);
  const ranges = offsets
    .filter((o) => o.high > o.low)
    .map((o) => ({ partition: o.partition, from: Math.max(o.low, o.high - perPartition), to: o.high }));
  const records = ranges.length > 0 ? await kafka.read(topic, ranges) : [];
  return records.sort((a, b) => b.timestamp - a.timestamp || b.offset - a.offset);
}

/**
 * Why and from where a record reached the dead-letter topic. Two writers put records there: notify itself
 * (`dlq-*` headers: a record it can never process) and the event source after its retries (`failure-*`).
 */
export function deadLetter(record: RawRecord, replayed?: ReplayResult): DeadLetterView {
  const failure = failureRecordOf(record.value);
  if (failure) {
    // AWS's failure record: the original inside, shown as it was produced.
    const original = originalOf(record);
    const inner = Object.values(failure.payload.records).flat()[0];
    return {
      record: decodeRecord({
        ...record,
        key: original.key,
        value: original.value,
        headers: original.headers,
      }),
      reason: failure.requestContext.condition ?? 'UNKNOWN',
      error: failure.responseContext?.functionError,
      field: undefined,
      by: failure.requestContext.functionArn?.split(':function:')[1] ?? 'the event source',
      failedAt: failure.timestamp,
      source: inner && { topic: inner.topic, partition: inner.partition, offset: inner.offset },
      replayed,
    };
  }
  const view = decodeRecord(record);
  // A header may repeat (a record dead-lettered twice): the last one is the newest.
  const header = (name: string) => view.headers.filter((h) => h.name === name).at(-1)?.value;
  const number = (value: string | undefined) =>
    value === undefined || value === '' ? undefined : Number(value);
  const sourceTopic = header('dlq-source-topic') ?? header('failure-topic');
  return {
    record: view,
    reason:
      header('dlq-reason') ?? (header('failure-reason') !== undefined ? 'RETRIES_EXHAUSTED' : 'UNKNOWN'),
    error: header('dlq-error') ?? header('failure-reason'),
    field: header('dlq-field'),
    by: header('dlq-consumer') ?? header('failure-function'),
    failedAt: header('dlq-failed-at'),
    source:
      sourceTopic === undefined
        ? undefined
        : {
            topic: sourceTopic,
            partition: number(header('dlq-source-partition') ?? header('failure-partition')),
            offset: number(header('dlq-source-offset') ?? header('failure-offset')),
          },
    replayed,
  };
}
