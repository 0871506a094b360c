import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerSettings, EventSourceSpec } from './config';
import { DeadLetterWriter } from './dead-letter';
import { createDelivery, type BatchLog } from './delivery';
import { LAMBDA_PAYLOAD_LIMIT_BYTES } from './event';
import type { Invoke } from './invoker';
import { Scheduler, type TopicPartition } from './scheduler';

/** Room left in an invocation's 6 MB for the event's envelope around the records. */
export const MAX_BATCH_BYTES = LAMBDA_PAYLOAD_LIMIT_BYTES - 64 * 1024;

export interface EventSourceDeps {
  kafka: Kafka;
  invoke: Invoke;
  log: BatchLog & { error(line: string): void };
  consumer: ConsumerSettings;
  bootstrapServers: string;
}

/**
 * One event source mapping: a consumer in the function's consumer group that reads the topic and hands its
 * records to the scheduler, which invokes the function and commits a partition's offset only once its
 * records were processed. The consumer never waits for an invocation: a partition with records piling up
 * is paused instead, so a slow or failing partition holds up no other.
 */
export class KafkaEventSource {
  private consumer: Consumer | undefined;
  private connecting: Promise<void> | undefined;
  private firstAttempt: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly scheduler: Scheduler;
  private readonly deadLetters: DeadLetterWriter | undefined;

  constructor(
    private readonly spec: EventSourceSpec,
    private readonly deps: EventSourceDeps,
  ) {
    const destination = spec.destination;
    this.deadLetters =
      destination?.type === 'kafka'
        ? new DeadLetterWriter(deps.kafka, destination.topic, deps.log)
        : undefined;
    this.scheduler = new Scheduler({
      batchSize: spec.batchSize,
      batchingWindowMs: spec.batchingWindowMs,
      maxBytes: MAX_BATCH_BYTES,
      deliver: createDelivery(spec, {
        invoke: deps.invoke,
        publishFailed: async (failed) => {
          if (!this.deadLetters) throw new Error('no Kafka failure destination');
          await this.deadLetters.write(failed);
        },
        log: deps.log,
        bootstrapServers: deps.bootstrapServers,
      }),
      commit: async ({ topic, partition }, offset) => {
        if (!this.consumer) throw new Error('the consumer is not running');
        await this.consumer.commitOffsets([{ topic, partition, offset }]);
      },
      pause: (partition) =>
        this.consumer?.pause([{ topic: partition.topic, partitions: [partition.partition] }]),
      resume: (partition) =>
        this.consumer?.resume([{ topic: partition.topic, partitions: [partition.partition] }]),
      rewind: ({ topic, partition }, offset) => this.consumer?.seek({ topic, partition, offset }),
      log: deps.log,
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

  /** Gives up waiting work, lets invocations in flight finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.connecting;
    await this.scheduler.stop();
    await this.consumer?.disconnect();
    await this.deadLetters?.close();
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
    try {
      await this.checkTopic(admin);
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
      const assigned = [...(payload.memberAssignment[spec.topic] ?? [])].sort((a, b) => a - b);
      this.scheduler.assigned(
        assigned.map((partition): TopicPartition => ({ topic: spec.topic, partition })),
      );
      deps.log.notice(
        `${spec.functionKey} joined group ${spec.consumerGroupId}: ${spec.topic} partitions [${assigned.join(',')}]`,
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
      eachBatch: async (payload) => this.onBatch(payload),
    });
  }

  /**
   * Hands the fetched records over and returns at once. Resolving them only moves the fetch position;
   * what is committed is decided by the scheduler once the function has processed them.
   */
  private async onBatch({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    this.scheduler.enqueue(
      topic,
      partition,
      batch.messages.map((message) => ({ topic, partition, message })),
    );
    resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
  }

  private async checkTopic(admin: Admin): Promise<void> {
    const topics = await admin.listTopics();
    if (!topics.includes(this.spec.topic)) {
      throw new Error(`topic ${this.spec.topic} does not exist on ${this.deps.bootstrapServers}`);
    }
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
}

/** The innermost message of an error chain: kafkajs wraps the useful one ("connect ECONNREFUSED …"). */
function reason(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
