import { eventSizeOf, type SourceRecord } from './event';

/**
 * Gathers the records kafkajs hands over partition by partition into invocations the way the event source
 * mapping does: up to `batchSize` records (and the payload limit) from any partitions, waiting at most the
 * batching window for more. One batch is delivered at a time; while a batch is retried the consumer keeps
 * heart-beating so it keeps its partitions, and gives the batch up when it loses them or is stopped.
 */
export interface PartitionChunk {
  topic: string;
  partition: number;
  records: SourceRecord[];
  bytes: number;
  /** The consumer's heartbeat: rejects when the group is rebalancing or has dropped this member. */
  heartbeat(): Promise<void>;
}

/**
 * `processed`: commit past the chunk. `abandoned`: do not commit; the records are read again from the last
 * committed offset. `raise`, when set, is the consumer-group error the caller must rethrow (after
 * committing a processed chunk) so kafkajs rejoins the group.
 */
export type ChunkOutcome = { kind: 'processed' | 'abandoned'; raise?: unknown };

export interface DeliveryControl {
  /** True once the batch should be given up: the consumer is stopping or lost its partitions. */
  readonly cancelled: boolean;
  /** Waits `ms`, returning early when the batch is cancelled. */
  pause(ms: number): Promise<void>;
}

export type DeliverBatch = (
  chunks: readonly PartitionChunk[],
  control: DeliveryControl,
) => Promise<'processed' | 'abandoned'>;

export interface BatcherOptions {
  batchSize: number;
  batchingWindowMs: number;
  maxBytes: number;
  heartbeatIntervalMs: number;
  deliver: DeliverBatch;
}

interface Waiting {
  chunk: PartitionChunk;
  resolve(outcome: ChunkOutcome): void;
}

export class Batcher {
  private waiting: Waiting[] = [];
  private windowTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatInFlight = false;
  private latestHeartbeat: (() => Promise<void>) | undefined;
  private draining = false;
  private stopping = false;
  private lostMembership: unknown = undefined;
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly options: BatcherOptions) {}

  /** Resolves once the chunk's batch has been processed or given up. */
  submit(chunk: PartitionChunk): Promise<ChunkOutcome> {
    if (this.stopping) return Promise.resolve({ kind: 'abandoned' });
    if (this.lostMembership !== undefined)
      return Promise.resolve({ kind: 'abandoned', raise: this.lostMembership });
    return new Promise((resolve) => {
      this.waiting.push({ chunk, resolve });
      this.latestHeartbeat = chunk.heartbeat;
      this.startHeartbeats();
      if (this.draining) return;
      const full =
        this.waiting.reduce((n, w) => n + w.chunk.records.length, 0) >= this.options.batchSize ||
        this.waiting.reduce((n, w) => n + w.chunk.bytes, 0) >= this.options.maxBytes;
      if (full) this.flush();
      else this.windowTimer ??= setTimeout(() => this.flush(), this.options.batchingWindowMs);
    });
  }

  /** Gives up what waits or backs off; an invocation already running is allowed to finish. */
  stop(): void {
    this.stopping = true;
    this.wakeSleepers();
    this.flush();
  }

  /** The consumer joined a new generation of its group: its fresh partitions may be processed again. */
  rejoined(): void {
    this.lostMembership = undefined;
  }

  private get cancelled(): boolean {
    return this.stopping || this.lostMembership !== undefined;
  }

  private flush(): void {
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        if (this.cancelled) {
          this.settle(this.waiting.splice(0), 'abandoned');
          break;
        }
        const taken = this.take();
        let result: 'processed' | 'abandoned';
        try {
          result = await this.options.deliver(
            taken.map((w) => w.chunk),
            this.control(),
          );
        } catch (error) {
          // A delivery bug must not commit anything: hand it to kafkajs, which backs off and restarts.
          this.settle(taken, 'abandoned', error);
          continue;
        }
        this.settle(taken, result);
      }
    } finally {
      this.draining = false;
      if (this.waiting.length === 0) this.stopHeartbeats();
    }
  }

  /** Whole chunks in arrival order, as many as fit; a chunk alone may be as large as the limits. */
  private take(): Waiting[] {
    let records = 0;
    let bytes = 0;
    let count = 0;
    for (const { chunk } of this.waiting) {
      const fits =
        records + chunk.records.length <= this.options.batchSize &&
        bytes + chunk.bytes <= this.options.maxBytes;
      if (count > 0 && !fits) break;
      records += chunk.records.length;
      bytes += chunk.bytes;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private settle(entries: Waiting[], kind: ChunkOutcome['kind'], raise: unknown = this.lostMembership): void {
    for (const entry of entries) entry.resolve(raise === undefined ? { kind } : { kind, raise });
  }

  private control(): DeliveryControl {
    const isCancelled = () => this.cancelled;
    return {
      get cancelled() {
        return isCancelled();
      },
      pause: (ms) =>
        new Promise<void>((resolve) => {
          if (this.cancelled) return resolve();
          const wake = () => {
            clearTimeout(timer);
            this.sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          this.sleepers.add(wake);
        }),
    };
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Keeps the group membership alive while records wait for the window, an invocation or a retry. */
  private startHeartbeats(): void {
    this.heartbeatTimer ??= setInterval(() => void this.beat(), this.options.heartbeatIntervalMs);
  }

  private stopHeartbeats(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private async beat(): Promise<void> {
    if (this.heartbeatInFlight || !this.latestHeartbeat) return;
    this.heartbeatInFlight = true;
    try {
      await this.latestHeartbeat();
    } catch (error) {
      // The group is rebalancing or dropped us: our partitions may go to another member, so stop retrying.
      this.lostMembership ??= error;
      this.wakeSleepers();
      if (!this.draining) this.flush();
    } finally {
      this.heartbeatInFlight = false;
    }
  }
}

/**
 * Splits one partition's fetched records into chunks no bigger than an invocation may be; order is kept.
 */
export function chunksOf(
  records: readonly SourceRecord[],
  batchSize: number,
  maxBytes: number,
): Array<{ records: SourceRecord[]; bytes: number }> {
  const chunks: Array<{ records: SourceRecord[]; bytes: number }> = [];
  let current: { records: SourceRecord[]; bytes: number } = { records: [], bytes: 0 };
  for (const record of records) {
    const size = eventSizeOf(record);
    if (
      current.records.length > 0 &&
      (current.records.length >= batchSize || current.bytes + size > maxBytes)
    ) {
      chunks.push(current);
      current = { records: [], bytes: 0 };
    }
    current.records.push(record);
    current.bytes += size;
  }
  if (current.records.length > 0) chunks.push(current);
  return chunks;
}
