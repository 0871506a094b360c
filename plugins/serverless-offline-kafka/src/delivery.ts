import { randomUUID } from 'node:crypto';
import { readBatchResponse } from './batch-response';
import type { EventSourceSpec } from './config';
import { buildEvent, eventBytes, LAMBDA_PAYLOAD_LIMIT_BYTES, partitionKey, type SourceRecord } from './event';
import {
  failureRecord,
  type FailureCondition,
  type FailureRecord,
  type ResponseContext,
} from './failure-record';
import { passesFilters } from './filter';
import type { Invoke } from './invoker';
import { backoffDelay, retriesExhausted } from './retry';

/**
 * What happens to one batch, as the event source mapping does it: drop the records no filter pattern
 * matches, set aside those too old (MaximumRecordAgeInSeconds) or too large for one invocation, invoke the
 * function with the rest, and on failure invoke it again after a backoff — with only the records that
 * still need it when the function reports partial batch failures, with each half in turn when it bisects —
 * until they succeed or, past the retry limit, go to the failure destination (or are skipped when there is
 * none, as AWS does). Each record is reported as settled as soon as it is done with, so its partition can
 * commit and move on while the rest of the batch is still being retried. One log line per invocation.
 */
export interface BatchLog {
  notice(line: string): void;
  warning(line: string): void;
}

export interface DeliveryControl {
  /** True once the batch should be given up: the consumer is stopping or its group rebalanced. */
  readonly cancelled: boolean;
  /** Waits `ms`, returning early when the batch is cancelled. */
  pause(ms: number): Promise<void>;
  /** These records are done with (processed, filtered out or dead-lettered): their offsets may be committed. */
  settle(records: readonly SourceRecord[]): void;
}

/** Records left unsettled when it returns were given up (cancelled): they are read again later. */
export type DeliverBatch = (records: readonly SourceRecord[], control: DeliveryControl) => Promise<void>;

export interface DeliveryDeps {
  invoke: Invoke;
  /** Writes failure records to the Kafka destination; rejects when it could not. */
  publishFailed(records: ReadonlyArray<{ record: SourceRecord; failure: FailureRecord }>): Promise<void>;
  log: BatchLog;
  bootstrapServers: string;
  now?: () => number;
  random?: () => number;
  newRequestId?: () => string;
  payloadLimitBytes?: number;
}

interface Tracked {
  record: SourceRecord;
  key: string;
  offset: number;
  invokeCount: number;
  failures: number;
  requestId: string | undefined;
  response: ResponseContext | null;
  settled: boolean;
}

const EXECUTED_VERSION = '$LATEST';

export function createDelivery(spec: EventSourceSpec, deps: DeliveryDeps): DeliverBatch {
  const now = deps.now ?? Date.now;
  const newRequestId = deps.newRequestId ?? randomUUID;
  const limit = deps.payloadLimitBytes ?? LAMBDA_PAYLOAD_LIMIT_BYTES;

  return async (records, control) => {
    const all = records.map(track);
    const matching = all.filter((t) => passesFilters(spec.filterPatterns, t.record.message.value));
    const filteredOut = all.length - matching.length;
    if (filteredOut > 0) control.settle(all.filter((t) => !matching.includes(t)).map((t) => t.record));
    if (matching.length === 0) {
      deps.log.notice(
        `${spec.functionKey} ${describeRecords(all)} ${countOf(all.length, 0)} 0 ms skipped: no record matches the filter patterns`,
      );
      return;
    }
    // Halves still to deliver when the function bisects, first half first: a partition keeps its order.
    const segments: Tracked[][] = [matching];
    let first = true;
    while (segments.length > 0 && !control.cancelled) {
      await deliverSegment(segments.shift()!, segments, first ? filteredOut : 0, control);
      first = false;
    }
    if (control.cancelled && records.length > 0) {
      const left = all.filter((t) => !t.settled);
      if (left.length > 0)
        deps.log.warning(
          `${spec.functionKey} ${describeRecords(left)} ${countOf(left.length, left.length)} abandoned, not committed: it will be read again`,
        );
    }
  };

  async function deliverSegment(
    start: Tracked[],
    segments: Tracked[][],
    filteredOut: number,
    control: DeliveryControl,
  ): Promise<void> {
    let pending = start;
    for (let attempt = 1; pending.length > 0 && !control.cancelled; attempt++) {
      pending = await setAside(pending, control);
      if (pending.length === 0) return;
      const head = `${spec.functionKey} ${describeRecords(pending)} ${countOf(pending.length + filteredOut, pending.length)}`;
      const line = (ms: number, outcome: string) => `${head} ${ms} ms ${outcome}`;
      const event = buildEvent(
        spec.source,
        deps.bootstrapServers,
        pending.map((t) => t.record),
      );
      const requestId = newRequestId();
      const started = now();
      const result = await deps.invoke(spec.functionName, event, spec.invocationTimeoutMs);
      const elapsed = now() - started;
      filteredOut = 0;
      if (!result.ok && result.kind === 'unavailable') {
        // serverless-offline did not run the function at all: try again, without counting an attempt.
        const delay = backoffDelay(attempt, spec.retry, deps.random);
        deps.log.warning(line(elapsed, `not invoked (${result.message}), retrying in ${delay} ms`));
        await control.pause(delay);
        continue;
      }
      for (const t of pending) {
        t.invokeCount++;
        t.requestId = requestId;
      }
      let failed: Tracked[];
      let whole: boolean;
      let outcome: string;
      if (result.ok) {
        const response = spec.reportBatchItemFailures
          ? readBatchResponse(
              result.payload,
              pending.map((t) => t.record),
            )
          : { kind: 'success' as const };
        if (response.kind === 'success') {
          settle(pending, control);
          deps.log.notice(line(elapsed, attempt === 1 ? 'ok' : `ok after ${attempt} attempts`));
          if (!spec.reportBatchItemFailures) warnIfFailuresIgnored(result.payload, head);
          return;
        }
        const answered = { statusCode: 200, executedVersion: EXECUTED_VERSION };
        if (response.kind === 'invalid') {
          failed = pending;
          whole = true;
          outcome = `failed (invalid batch response: ${response.reason})`;
          for (const t of failed) t.response = answered;
        } else {
          // Each partition resumes at its lowest reported offset; the records before it are done.
          const from = new Map([...response.failed].map(([key, offsets]) => [key, offsets[0]!]));
          const done = pending.filter((t) => !from.has(t.key) || t.offset < from.get(t.key)!);
          settle(done, control);
          failed = pending.filter((t) => response.failed.get(t.key)?.includes(t.offset));
          for (const t of failed) t.response = answered;
          pending = pending.filter((t) => from.has(t.key) && t.offset >= from.get(t.key)!);
          whole = false;
          outcome = `${failed.length} failed (${failed.map((t) => `${t.key}@${t.offset}`).join(' ')}), ${done.length} done`;
        }
      } else {
        failed = pending;
        whole = true;
        outcome = `failed (${result.message})`;
        for (const t of failed)
          t.response = { statusCode: 200, executedVersion: EXECUTED_VERSION, functionError: 'Unhandled' };
      }
      for (const t of failed) t.failures++;

      const exhausted = pending.filter((t) => retriesExhausted(t.failures, spec.retry));
      if (exhausted.length > 0) {
        deps.log.warning(line(elapsed, `${outcome}, retries exhausted for ${exhausted.length}`));
        await giveUp(exhausted, 'RetriesExhausted', control);
        if (control.cancelled) return;
        pending = pending.filter((t) => !exhausted.includes(t));
        if (pending.length === 0) return;
      }
      const delay = backoffDelay(attempt, spec.retry, deps.random);
      if (whole && spec.bisectBatchOnFunctionError && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        segments.unshift(pending.slice(0, half), pending.slice(half));
        if (exhausted.length === 0)
          deps.log.warning(
            line(elapsed, `${outcome}, attempt ${attempt}, bisecting and retrying in ${delay} ms`),
          );
        await control.pause(delay);
        return;
      }
      if (exhausted.length === 0)
        deps.log.warning(line(elapsed, `${outcome}, attempt ${attempt}, retrying in ${delay} ms`));
      await control.pause(delay);
    }
  }

  /**
   * AWS, too, takes a returned `batchItemFailures` for a success when the mapping lacks
   * ReportBatchItemFailures: the records the function says it did not process are committed and never
   * retried. Silent there; said here, where it is still a configuration mistake and not lost mail.
   */
  function warnIfFailuresIgnored(payload: unknown, head: string): void {
    const failures = (payload as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
    if (!Array.isArray(failures) || failures.length === 0) return;
    deps.log.warning(
      `${head}: the function reported ${failures.length} batchItemFailures, taken as a success (committed, ` +
        'not retried) because the mapping lacks FunctionResponseTypes: [ReportBatchItemFailures], as on AWS',
    );
  }

  /** Records AWS would not hand to the function: older than the maximum age, or alone beyond 6 MB. */
  async function setAside(pending: Tracked[], control: DeliveryControl): Promise<Tracked[]> {
    const maxAge = spec.maximumRecordAgeMs;
    if (maxAge !== undefined) {
      const aged = pending.filter((t) => now() - Number(t.record.message.timestamp) > maxAge);
      if (aged.length > 0) {
        deps.log.warning(
          `${spec.functionKey} ${describeRecords(aged)} ${countOf(aged.length, aged.length)} 0 ms older than ${maxAge / 1000} s (MaximumRecordAgeInSeconds)`,
        );
        await giveUp(aged, 'RecordAgeExceeded', control);
        pending = pending.filter((t) => !aged.includes(t));
      }
    }
    const oversized = pending.filter(
      (t) => eventBytes(buildEvent(spec.source, deps.bootstrapServers, [t.record])) > limit,
    );
    if (oversized.length > 0 && !control.cancelled) {
      deps.log.warning(
        `${spec.functionKey} ${describeRecords(oversized)} ${countOf(oversized.length, oversized.length)} 0 ms larger than the ${limit} bytes an invocation may carry`,
      );
      await giveUp(oversized, 'MaximumPayloadSizeExceeded', control);
      pending = pending.filter((t) => !oversized.includes(t));
    }
    return control.cancelled ? [] : pending;
  }

  async function giveUp(records: Tracked[], condition: FailureCondition, control: DeliveryControl) {
    const where = `${spec.functionKey} ${describeRecords(records)}`;
    const destination = spec.destination;
    const failures = records.map((t) => ({
      record: t.record,
      failure: failureRecord(t.record, {
        functionArn: spec.functionArn,
        source: spec.source,
        bootstrapServers: deps.bootstrapServers,
        condition,
        invokeCount: t.invokeCount,
        requestId: t.requestId ?? newRequestId(),
        response: t.invokeCount > 0 ? t.response : null,
        now: new Date(now()),
      }),
    }));
    if (destination?.type !== 'kafka') {
      deps.log.warning(
        destination === undefined
          ? `${where} skipped (${condition}; no failure destination configured)`
          : `${where} skipped (${condition}; ${destination.arn} is not reproduced locally): ${failures.map((f) => JSON.stringify(f.failure.requestContext)).join(' ')}`,
      );
      settle(records, control);
      return;
    }
    for (let attempt = 1; !control.cancelled; attempt++) {
      try {
        await deps.publishFailed(failures);
        deps.log.warning(
          `${where} sent ${records.length} record${records.length === 1 ? '' : 's'} to ${destination.topic} (${condition})`,
        );
        settle(records, control);
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, spec.retry, deps.random);
        deps.log.warning(
          `${where} could not write to ${destination.topic} (${(error as Error).message}), retrying in ${delay} ms`,
        );
        await control.pause(delay);
      }
    }
  }
}

function track(record: SourceRecord): Tracked {
  return {
    record,
    key: partitionKey(record),
    offset: Number(record.message.offset),
    invokeCount: 0,
    failures: 0,
    requestId: undefined,
    response: null,
    settled: false,
  };
}

function settle(records: readonly Tracked[], control: DeliveryControl): void {
  if (records.length === 0) return;
  for (const t of records) t.settled = true;
  control.settle(records.map((t) => t.record));
}

/** `orders-0[15..17] orders-2[3]`: the topic-partitions and offset ranges of a batch. */
export function describeRecords(records: ReadonlyArray<{ record: SourceRecord } | SourceRecord>): string {
  const ranges = new Map<string, { first: string; last: string }>();
  for (const item of records) {
    const record = 'record' in item ? item.record : item;
    const key = partitionKey(record);
    const range = ranges.get(key);
    if (range) range.last = record.message.offset;
    else ranges.set(key, { first: record.message.offset, last: record.message.offset });
  }
  return [...ranges]
    .map(([key, { first, last }]) => `${key}[${first === last ? first : `${first}..${last}`}]`)
    .join(' ');
}

function countOf(total: number, matching: number): string {
  const records = `${total} record${total === 1 ? '' : 's'}`;
  return matching === total ? records : `${records} (${total - matching} filtered out)`;
}
