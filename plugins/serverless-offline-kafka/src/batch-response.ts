import { partitionKey, type SourceRecord } from './event';

/**
 * Reads what a function returned when its mapping has ReportBatchItemFailures, as AWS documents it for
 * Kafka ("Configuring error handling controls for Kafka event sources", PartialBatchResponse):
 * `{"batchItemFailures": [{"itemIdentifier": {"partition": "<topic>-<partition>", "offset": <n>}}]}`.
 * An empty or null list, or no response at all, is a success; an identifier that is malformed or names a
 * record that was not in the invoked event fails the whole batch.
 */
export type BatchResponse =
  | { kind: 'success' }
  /** Per topic-partition, the offsets reported as failed, ascending. */
  | { kind: 'partial'; failed: Map<string, number[]> }
  | { kind: 'invalid'; reason: string };

export function readBatchResponse(payload: unknown, invoked: readonly SourceRecord[]): BatchResponse {
  if (typeof payload !== 'object' || payload === null || !('batchItemFailures' in payload))
    return { kind: 'success' };
  const failures = (payload as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null || (Array.isArray(failures) && failures.length === 0)) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  const present = new Set(invoked.map((record) => `${partitionKey(record)}@${record.message.offset}`));
  const failed = new Map<string, number[]>();
  for (const [index, failure] of failures.entries()) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const { partition, offset } = (identifier ?? {}) as { partition?: unknown; offset?: unknown };
    if (typeof partition !== 'string' || typeof offset !== 'number' || !Number.isInteger(offset)) {
      return {
        kind: 'invalid',
        reason: `batchItemFailures[${index}].itemIdentifier is not {"partition": "<topic>-<partition>", "offset": <number>}: ${brief(failure)}`,
      };
    }
    if (!present.has(`${partition}@${offset}`)) {
      return {
        kind: 'invalid',
        reason: `batchItemFailures[${index}] names ${partition} offset ${offset}, which was not in the event`,
      };
    }
    failed.set(partition, [...(failed.get(partition) ?? []), offset]);
  }
  for (const offsets of failed.values()) offsets.sort((a, b) => a - b);
  return { kind: 'partial', failed };
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
