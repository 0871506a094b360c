import type { DeliverBatch, PartitionChunk } from './batcher';
import type { EventSourceSpec } from './config';
import { buildEvent, type SourceRecord } from './event';
import { passesFilters } from './filter';
import type { Invoke } from './invoker';
import { backoffDelay, retriesExhausted } from './retry';

/**
 * What happens to one batch, as the event source mapping does it: drop the records no filter pattern
 * matches, invoke the function with the rest, and on failure invoke it again with the same batch after a
 * backoff — until it succeeds, or, past the retry limit, the records go to the failure destination (or are
 * skipped when there is none, as AWS does). One log line per invocation.
 */
export interface BatchLog {
  notice(line: string): void;
  warning(line: string): void;
}

export interface DeliveryDeps {
  invoke: Invoke;
  /** Writes failed records to the failure destination; rejects when it could not. */
  publishFailed(records: readonly SourceRecord[], reason: string): Promise<void>;
  log: BatchLog;
  bootstrapServers: string;
  now?: () => number;
  random?: () => number;
}

export function createDelivery(spec: EventSourceSpec, deps: DeliveryDeps): DeliverBatch {
  const now = deps.now ?? Date.now;
  return async (chunks, control) => {
    const records = chunks.flatMap((chunk) => chunk.records);
    const matching = records.filter((record) => passesFilters(spec.filterPatterns, record.message.value));
    const line = (ms: number, outcome: string) =>
      `${spec.functionKey} ${describeChunks(chunks)} ${countOf(records.length, matching.length)} ${ms} ms ${outcome}`;
    if (matching.length === 0) {
      deps.log.notice(line(0, 'skipped: no record matches the filter patterns'));
      return 'processed';
    }
    const event = buildEvent(spec.source, deps.bootstrapServers, matching);
    let functionErrors = 0;
    for (let attempt = 1; !control.cancelled; attempt++) {
      const started = now();
      const result = await deps.invoke(spec.functionName, event, spec.invocationTimeoutMs);
      const elapsed = now() - started;
      if (result.ok) {
        deps.log.notice(line(elapsed, attempt === 1 ? 'ok' : `ok after ${attempt} attempts`));
        return 'processed';
      }
      if (result.kind === 'function-error') functionErrors++;
      if (retriesExhausted(functionErrors, spec.retry)) {
        deps.log.warning(line(elapsed, `failed (${result.message}), retries exhausted`));
        return giveUp(matching, result.message, attempt);
      }
      const delay = backoffDelay(attempt, spec.retry, deps.random);
      deps.log.warning(
        line(elapsed, `failed (${result.message}), attempt ${attempt}, retrying in ${delay} ms`),
      );
      await control.pause(delay);
    }
    deps.log.warning(line(0, 'abandoned, not committed: it will be read again'));
    return 'abandoned';

    async function giveUp(
      failed: SourceRecord[],
      reason: string,
      attempts: number,
    ): Promise<'processed' | 'abandoned'> {
      if (spec.onFailureTopic === undefined) {
        deps.log.warning(line(0, `skipped after ${attempts} attempts (no failure destination configured)`));
        return 'processed';
      }
      for (let attempt = 1; !control.cancelled; attempt++) {
        try {
          await deps.publishFailed(failed, reason);
          deps.log.warning(line(0, `sent ${failed.length} records to ${spec.onFailureTopic}`));
          return 'processed';
        } catch (error) {
          const delay = backoffDelay(attempt, spec.retry, deps.random);
          deps.log.warning(
            line(
              0,
              `could not write to ${spec.onFailureTopic} (${(error as Error).message}), retrying in ${delay} ms`,
            ),
          );
          await control.pause(delay);
        }
      }
      return 'abandoned';
    }
  };
}

/** `orders-0[15..17] orders-2[3]`: the topic-partitions and offset ranges of a batch. */
export function describeChunks(
  chunks: readonly Pick<PartitionChunk, 'topic' | 'partition' | 'records'>[],
): string {
  return chunks
    .map(({ topic, partition, records }) => {
      const first = records[0]?.message.offset;
      const last = records[records.length - 1]?.message.offset;
      return `${topic}-${partition}[${first === last ? first : `${first}..${last}`}]`;
    })
    .join(' ');
}

function countOf(total: number, matching: number): string {
  const records = `${total} record${total === 1 ? '' : 's'}`;
  return matching === total ? records : `${records} (${total - matching} filtered out)`;
}
