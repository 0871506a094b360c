import { eventSizeOf, partitionKey, type SourceRecord } from './event';
import type { DeliverBatch, DeliveryControl } from './delivery';

/**
 * Turns the records each partition hands over into invocations the way a provisioned event source
 * mapping does: a batch holds up to `batchSize` records (and the payload limit) from any partitions that
 * are free, waiting at most the batching window for more (0: as soon as records arrive); each partition has
 * at most one batch in flight, and batches of different partitions run at the same time — so a partition
 * whose batch is being retried holds up only its own records. A partition's offset is committed as soon as
 * a prefix of its records is settled.
 */
export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface SchedulerOptions {
  batchSize: number;
  batchingWindowMs: number;
  maxBytes: number;
  deliver: DeliverBatch;
  /** Commits `offset` (the next record to read) for the partition; rejects when it could not. */
  commit(partition: TopicPartition, offset: string): Promise<void>;
  /** Stops or restarts fetching a partition whose waiting records have piled up. */
  pause(partition: TopicPartition): void;
  resume(partition: TopicPartition): void;
  /** Moves the partition's read position back: the records from `offset` on will be handed over again. */
  rewind(partition: TopicPartition, offset: string): void;
  log: { error(line: string): void };
  now?: () => number;
}

interface Waiting {
  record: SourceRecord;
  bytes: number;
  arrivedAt: number;
}

interface PartitionState extends TopicPartition {
  key: string;
  waiting: Waiting[];
  /** The batch in flight holding this partition's records, if any. */
  inFlight: InFlight | undefined;
  owned: boolean;
  paused: boolean;
  /** Serialises this partition's commits so they happen in offset order. */
  commits: Promise<void>;
}

interface InFlight {
  /** The batch's records of each partition, in offset order, with whether each is settled. */
  records: Map<string, Array<{ record: SourceRecord; settled: boolean }>>;
  generation: number;
}

export class Scheduler {
  private readonly partitions = new Map<string, PartitionState>();
  private readonly running = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Bumped by every rebalance: batches of an older generation stop retrying. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records of one partition, in offset order, as fetched. */
  enqueue(topic: string, partition: number, records: readonly SourceRecord[]): void {
    if (this.stopping || records.length === 0) return;
    const state = this.state({ topic, partition });
    const arrivedAt = this.now();
    for (const record of records) state.waiting.push({ record, bytes: eventSizeOf(record), arrivedAt });
    if (!state.paused && this.backlogged(state)) {
      state.paused = true;
      this.options.pause(state);
    }
    this.schedule();
  }

  /**
   * The group was rebalanced and these partitions are now ours. Waiting records are dropped (the consumer
   * reads again from the committed offsets); batches in flight finish their current invocation, commit only
   * partitions still ours, and stop retrying.
   */
  assigned(partitions: readonly TopicPartition[]): void {
    this.generation++;
    const owned = new Set(partitions.map(partitionKey));
    for (const state of this.partitions.values()) {
      state.owned = owned.has(state.key);
      state.waiting = [];
      if (state.paused) {
        state.paused = false;
        this.options.resume(state);
      }
    }
    for (const partition of partitions) this.state(partition).owned = true;
    this.wakeSleepers();
    this.schedule();
  }

  /** Gives up what waits or backs off and resolves once every invocation in flight has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    for (const state of this.partitions.values()) state.waiting = [];
    this.wakeSleepers();
    while (this.running.size > 0) await Promise.all([...this.running]);
    await Promise.all([...this.partitions.values()].map((state) => state.commits));
  }

  private state(partition: TopicPartition): PartitionState {
    const key = partitionKey(partition);
    let state = this.partitions.get(key);
    if (!state) {
      state = {
        ...partition,
        key,
        waiting: [],
        inFlight: undefined,
        owned: true,
        paused: false,
        commits: Promise.resolve(),
      };
      this.partitions.set(key, state);
    }
    return state;
  }

  private backlogged(state: PartitionState): boolean {
    const bytes = state.waiting.reduce((sum, w) => sum + w.bytes, 0);
    return state.waiting.length >= 2 * this.options.batchSize || bytes >= this.options.maxBytes;
  }

  /** Partitions free to take part in a new batch. */
  private ready(): PartitionState[] {
    return [...this.partitions.values()]
      .filter((state) => state.inFlight === undefined && state.waiting.length > 0 && state.owned)
      .sort((a, b) => a.waiting[0]!.arrivedAt - b.waiting[0]!.arrivedAt);
  }

  /**
   * Looks for batches to start on the next turn of the event loop, so the partitions of one fetch, handed
   * over one after the other, can share a batch even with a window of 0.
   */
  private schedule(): void {
    if (this.stopping || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.startDue();
    });
  }

  private kicked = false;

  private startDue(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopping) return;
    for (;;) {
      const ready = this.ready();
      if (ready.length === 0) return;
      const records = ready.reduce((sum, state) => sum + state.waiting.length, 0);
      const bytes = ready.reduce((sum, state) => sum + state.waiting.reduce((s, w) => s + w.bytes, 0), 0);
      const due = ready[0]!.waiting[0]!.arrivedAt + this.options.batchingWindowMs;
      const full = records >= this.options.batchSize || bytes >= this.options.maxBytes;
      if (!full && this.now() < due) {
        this.timer = setTimeout(() => this.startDue(), due - this.now());
        return;
      }
      this.start(this.take(ready));
    }
  }

  /** Whole records in partition order from the partitions that waited longest, as many as fit. */
  private take(ready: PartitionState[]): SourceRecord[] {
    const batch: SourceRecord[] = [];
    let bytes = 0;
    for (const state of ready) {
      let count = 0;
      for (const waiting of state.waiting) {
        const fits = batch.length < this.options.batchSize && bytes + waiting.bytes <= this.options.maxBytes;
        if (batch.length > 0 && !fits) break;
        batch.push(waiting.record);
        bytes += waiting.bytes;
        count++;
      }
      if (count > 0) {
        state.waiting.splice(0, count);
        if (state.paused && !this.backlogged(state)) {
          state.paused = false;
          this.options.resume(state);
        }
      }
      if (batch.length >= this.options.batchSize || bytes >= this.options.maxBytes) break;
    }
    return batch;
  }

  private start(batch: SourceRecord[]): void {
    const inFlight: InFlight = { records: new Map(), generation: this.generation };
    for (const record of batch) {
      const key = partitionKey(record);
      inFlight.records.set(key, [...(inFlight.records.get(key) ?? []), { record, settled: false }]);
    }
    for (const key of inFlight.records.keys()) this.partitions.get(key)!.inFlight = inFlight;
    const control = this.control(inFlight);
    const run = this.options
      .deliver(batch, control)
      .catch((error: unknown) => {
        // A delivery bug must not commit anything: the unsettled records are read again.
        this.options.log.error(`delivery failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
      })
      .finally(() => {
        this.running.delete(run);
        this.release(inFlight);
        this.schedule();
      });
    this.running.add(run);
  }

  private control(inFlight: InFlight): DeliveryControl {
    const cancelled = () => this.stopping || inFlight.generation !== this.generation;
    return {
      get cancelled() {
        return cancelled();
      },
      pause: (ms) =>
        new Promise<void>((resolve) => {
          if (cancelled()) return resolve();
          const wake = () => {
            clearTimeout(timer);
            this.sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          this.sleepers.add(wake);
        }),
      settle: (records) => this.settle(inFlight, records),
    };
  }

  private settle(inFlight: InFlight, records: readonly SourceRecord[]): void {
    const touched = new Set<string>();
    for (const record of records) {
      const key = partitionKey(record);
      const entry = inFlight.records.get(key)?.find((e) => e.record.message.offset === record.message.offset);
      if (entry) entry.settled = true;
      touched.add(key);
    }
    for (const key of touched) {
      const entries = inFlight.records.get(key)!;
      const state = this.partitions.get(key)!;
      const firstOpen = entries.findIndex((e) => !e.settled);
      const done = firstOpen === -1 ? entries : entries.slice(0, firstOpen);
      if (done.length > 0 && state.owned) {
        const next = String(Number(done[done.length - 1]!.record.message.offset) + 1);
        this.commit(state, next);
      }
      // Committed records leave the batch, so each commit moves the offset forward only.
      entries.splice(0, done.length);
      if (entries.length === 0) {
        inFlight.records.delete(key);
        if (state.inFlight === inFlight) state.inFlight = undefined;
      }
    }
    this.schedule();
  }

  /** After the batch: a partition with records left unsettled reads them again from its committed offset. */
  private release(inFlight: InFlight): void {
    for (const [key, entries] of inFlight.records) {
      const state = this.partitions.get(key)!;
      if (state.inFlight === inFlight) state.inFlight = undefined;
      const first = entries[0];
      // A rebalance already moved the read position back to the committed offset; stopping needs nothing.
      if (first && !this.stopping && inFlight.generation === this.generation && state.owned) {
        state.waiting = [];
        this.options.rewind(state, first.record.message.offset);
        if (state.paused) {
          state.paused = false;
          this.options.resume(state);
        }
      }
    }
    inFlight.records.clear();
  }

  private commit(state: PartitionState, offset: string): void {
    state.commits = state.commits
      .then(() => this.options.commit(state, offset))
      .catch((error: unknown) => {
        // Not committed: after the next rebalance or restart these records are read again (at least once).
        this.options.log.error(
          `could not commit ${state.key} at ${offset} (${(error as Error)?.message ?? String(error)})`,
        );
      });
    // Records of the partition read again after a rebalance, and already settled by this batch, are done.
    state.waiting = state.waiting.filter((w) => Number(w.record.message.offset) >= Number(offset));
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
