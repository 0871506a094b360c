import {
  Partitioners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { Batcher, chunksOf } from './batcher';
import type { ConsumerSettings, EventSourceSpec } from './config';
import { createDelivery, type BatchLog } from './delivery';
import type { SourceRecord } from './event';
import type { Invoke } from './invoker';

/** Lambda's 6 MB invocation payload, less room for the event's envelope. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 - 64 * 1024;

export interface EventSourceDeps {
  kafka: Kafka;
  invoke: Invoke;
  log: BatchLog & { error(line: string): void };
  consumer: ConsumerSettings;
  bootstrapServers: string;
}

/**
 * One event source mapping: a consumer in the function's consumer group that reads the topic, hands
 * batches to the function and commits a partition's offset only once its records were processed.
 */
export class KafkaEventSource {
  private consumer: Consumer | undefined;
  private producer: Promise<Producer> | undefined;
  private connecting: Promise<void> | undefined;
  private firstAttempt: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly batcher: Batcher;

  constructor(
    private readonly spec: EventSourceSpec,
    private readonly deps: EventSourceDeps,
  ) {
    this.batcher = new Batcher({
      batchSize: spec.batchSize,
      batchingWindowMs: spec.batchingWindowMs,
      maxBytes: MAX_PAYLOAD_BYTES,
      heartbeatIntervalMs: deps.consumer.heartbeatIntervalMs,
      deliver: createDelivery(spec, {
        invoke: deps.invoke,
        publishFailed: (records, reason) => this.publishFailed(records, reason),
        log: deps.log,
        bootstrapServers: deps.bootstrapServers,
      }),
    });
  }

  /**
   * Resolves after the first attempt to join the group. When Kafka does not answer or the topic does not
   * exist yet, says so and keeps trying in the background until stopped.
   */
  start(): Promise<void> {
    this.firstAttempt ??= new Promise((attempted) => {
      this.connecting = this.keepConnecting(attempted);
    });
    return this.firstAttempt;
  }

  /** Gives up waiting work, lets a running invocation finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.batcher.stop();
    await this.connecting;
    await this.consumer?.disconnect();
    await (await this.producer?.catch(() => undefined))?.disconnect();
  }

  private async keepConnecting(attempted: () => void): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connect();
        break;
      } catch (error) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        if (this.stopped) break;
        const delayS = Math.min(30, 2 ** (attempt - 1));
        this.deps.log.warning(
          `${this.spec.functionKey} cannot consume ${this.spec.topic} yet (${reason(error)}); trying again in ${delayS} s`,
        );
        attempted();
        await new Promise<void>((resume) => {
          const timer = setTimeout(resume, delayS * 1000);
          this.wake = () => {
            clearTimeout(timer);
            resume();
          };
        });
      }
    }
    attempted();
  }

  private async connect(): Promise<void> {
    const { spec, deps } = this;
    const admin = deps.kafka.admin();
    await admin.connect();
    let partitions: number;
    try {
      partitions = await this.partitionCount(admin);
      if (spec.startingPosition !== 'TRIM_HORIZON') await this.pinStartingOffsets(admin);
    } finally {
      await admin.disconnect();
    }
    const consumer = deps.kafka.consumer({
      groupId: spec.consumerGroupId,
      sessionTimeout: deps.consumer.sessionTimeoutMs,
      heartbeatInterval: deps.consumer.heartbeatIntervalMs,
      rebalanceTimeout: deps.consumer.rebalanceTimeoutMs,
      maxWaitTimeInMs: deps.consumer.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.batcher.rejoined();
      const assigned = payload.memberAssignment[spec.topic] ?? [];
      deps.log.notice(
        `${spec.functionKey} joined group ${spec.consumerGroupId}: ${spec.topic} partitions [${[...assigned].sort((a, b) => a - b).join(',')}]`,
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const again = !payload.restart && !this.stopped && this.consumer === consumer;
      deps.log.error(
        `${spec.functionKey}: the consumer of ${spec.topic} crashed (${payload.error.message})${payload.restart ? ', restarting' : again ? ', connecting again' : ''}`,
      );
      // kafkajs restarts a consumer only after an error it deems retriable; after any other (seen: "Failed
      // to find group coordinator" while the broker restarts) it stays disconnected for good, and nothing
      // would be consumed once the broker is back. Start over as at start-up, with the same backoff.
      if (again) {
        this.consumer = undefined;
        this.connecting = this.keepConnecting(() => undefined);
      }
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [spec.topic],
      fromBeginning: spec.startingPosition === 'TRIM_HORIZON',
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Every assigned partition's batch must reach the batcher together for one invocation to span them.
      partitionsConsumedConcurrently: partitions,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    uncommittedOffsets,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const records = batch.messages.map((message) => ({ topic, partition, message }));
    for (const chunk of chunksOf(records, this.spec.batchSize, MAX_PAYLOAD_BYTES)) {
      if (!isRunning() || isStale()) return;
      const outcome = await this.batcher.submit({ topic, partition, ...chunk, heartbeat });
      if (outcome.kind === 'abandoned') {
        // Nothing resolved: kafkajs reads the same records again, here or in the member that gets them.
        if (outcome.raise !== undefined) throw outcome.raise;
        return;
      }
      resolveOffset(chunk.records[chunk.records.length - 1]!.message.offset);
      await commitOffsetsIfNecessary(uncommittedOffsets());
      if (outcome.raise !== undefined) throw outcome.raise;
    }
  }

  private async partitionCount(admin: Admin): Promise<number> {
    const topics = await admin.listTopics();
    if (!topics.includes(this.spec.topic)) {
      throw new Error(`topic ${this.spec.topic} does not exist on ${this.deps.bootstrapServers}`);
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [this.spec.topic] });
    return Math.max(1, metadata.topics[0]?.partitions.length ?? 1);
  }

  /**
   * LATEST and AT_TIMESTAMP apply when the mapping is created, as on AWS: the first time the group reads
   * the topic its position is committed, so records produced while the process is down are not skipped
   * on the next start.
   */
  private async pinStartingOffsets(admin: Admin): Promise<void> {
    const { spec } = this;
    const [committed] = await admin.fetchOffsets({ groupId: spec.consumerGroupId, topics: [spec.topic] });
    const missing = new Set(committed?.partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
    if (missing.size === 0) return;
    const { groups } = await admin.describeGroups([spec.consumerGroupId]);
    // A running member has already placed the group.
    if (groups[0] && !['Empty', 'Dead'].includes(groups[0].state)) return;
    const targets =
      spec.startingPosition === 'AT_TIMESTAMP'
        ? await admin.fetchTopicOffsetsByTimestamp(spec.topic, spec.startingPositionTimestampMs)
        : (await admin.fetchTopicOffsets(spec.topic)).map(({ partition, high }) => ({
            partition,
            offset: high,
          }));
    await admin.setOffsets({
      groupId: spec.consumerGroupId,
      topic: spec.topic,
      partitions: targets.filter((target) => missing.has(target.partition)),
    });
  }

  /** The failed records themselves, with where they came from and why they failed in extra headers. */
  private async publishFailed(records: readonly SourceRecord[], reason: string): Promise<void> {
    const topic = this.spec.onFailureTopic!;
    this.producer ??= (async () => {
      const producer = this.deps.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    const producer = await this.producer;
    await producer.send({
      topic,
      acks: -1,
      messages: records.map(({ topic: source, partition, message }) => ({
        key: message.key,
        value: message.value,
        timestamp: message.timestamp,
        headers: {
          ...(message.headers as IHeaders),
          'failure-function': this.spec.functionName,
          'failure-topic': source,
          'failure-partition': String(partition),
          'failure-offset': message.offset,
          'failure-reason': reason,
        },
      })),
    });
  }
}

/** The innermost message of an error chain: kafkajs wraps the useful one ("connect ECONNREFUSED …"). */
function reason(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
