import { randomUUID } from 'node:crypto';
import {
  AssignerProtocol,
  Partitioners,
  type Admin,
  type IHeaders,
  type Kafka,
  type Producer,
} from 'kafkajs';
import type { GroupInfo, KafkaSource, RawRecord, ReadRange } from './sources';
import { CONSOLE_GROUP_PREFIX } from './views/groups';

/** Longest a read of records may take: the reader joins a group of its own first. */
const READ_TIMEOUT_MS = 8_000;
const WRITE_TIMEOUT_MS = 5_000;

/**
 * The console's view of Kafka through kafkajs: one admin client kept open, a short-lived consumer of a
 * throwaway group per read (kafkajs cannot read a partition without joining a group; the groups page hides
 * them, and Kafka forgets them once empty), and a producer for replays, connected on first use.
 */
export class KafkaJsSource implements KafkaSource {
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;

  constructor(private readonly kafka: Kafka) {}

  async cluster() {
    const { clusterId, controller, brokers } = await (await this.connected()).describeCluster();
    return { clusterId, controller, brokers: [...brokers].sort((a, b) => a.nodeId - b.nodeId) };
  }

  async topics() {
    const { topics } = await (await this.connected()).fetchTopicMetadata();
    return topics
      .filter((topic) => !topic.name.startsWith('__'))
      .map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((p) => ({
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas ?? [],
        })),
      }));
  }

  async offsets(topic: string) {
    const offsets = await (
      await this.connected()
    )
      .fetchTopicOffsets(topic)
      .catch((error: { type?: string }) => {
        // No such topic: none of its partitions, rather than an error.
        if (error.type === 'UNKNOWN_TOPIC_OR_PARTITION') return [];
        throw error;
      });
    return offsets
      .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async groups(): Promise<GroupInfo[]> {
    const admin = await this.connected();
    const { groups: listed } = await admin.listGroups();
    if (listed.length === 0) return [];
    const { groups } = await admin.describeGroups(listed.map((g) => g.groupId));
    return groups.map((group) => ({
      groupId: group.groupId,
      state: group.state,
      members: group.members.map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        host: member.clientHost,
        assigned: group.protocolType === 'consumer' ? assignment(member.memberAssignment) : [],
      })),
    }));
  }

  async committed(groupId: string) {
    const topics = await (await this.connected()).fetchOffsets({ groupId });
    return topics.flatMap(({ topic, partitions }) =>
      partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
    );
  }

  async partitionFor(topic: string, key: string): Promise<number> {
    const { topics } = await (await this.connected()).fetchTopicMetadata({ topics: [topic] });
    const partitionMetadata = topics[0]?.partitions ?? [];
    // What our producers use (Java's murmur2): the partition a key's records are on.
    return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
  }

  async read(topic: string, ranges: ReadRange[]): Promise<RawRecord[]> {
    const remaining = new Map(ranges.filter((r) => r.to > r.from).map((r) => [r.partition, r]));
    if (remaining.size === 0) return [];
    const consumer = this.kafka.consumer({
      groupId: `${CONSOLE_GROUP_PREFIX}${randomUUID()}`,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      retry: { retries: 2 },
    });
    const records: RawRecord[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic] });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = remaining.get(batch.partition);
          if (!range) return;
          const end = Math.min(range.to, Number(batch.highWatermark));
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            if (offset < range.from || offset >= range.to) continue;
            records.push({
              topic,
              partition: batch.partition,
              offset,
              timestamp: Number(message.timestamp),
              key: message.key,
              value: message.value,
              headers: headerList(message.headers),
            });
          }
          const lastOffset = Number(batch.lastOffset());
          if (lastOffset >= end - 1) remaining.delete(batch.partition);
          if (remaining.size === 0) finished();
        },
      });
      await withTimeout(joined, READ_TIMEOUT_MS, `joining a reader group for ${topic}`);
      for (const range of remaining.values()) {
        consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
      }
      // Past the timeout, what was read is returned: a partition whose last records were deleted meanwhile
      // must not hang the page.
      await withTimeout(done, READ_TIMEOUT_MS, `reading ${topic}`).catch(() => undefined);
    } finally {
      await consumer.disconnect();
    }
    return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  }

  async write(topic: string, record: Pick<RawRecord, 'key' | 'value' | 'headers'>) {
    const producer = await (this.producer ??= this.connect(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    ));
    const headers: IHeaders = {};
    for (const { name, value } of record.headers) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : ([] as Array<Buffer | string>).concat(existing, value);
    }
    const [metadata] = await withTimeout(
      producer.send({
        topic,
        acks: -1,
        timeout: WRITE_TIMEOUT_MS,
        messages: [{ key: record.key, value: record.value, headers }],
      }),
      WRITE_TIMEOUT_MS * 2,
      `writing to ${topic}`,
    );
    return { partition: metadata!.partition, offset: Number(metadata!.baseOffset) };
  }

  async close(): Promise<void> {
    const [admin, producer] = [this.admin, this.producer];
    this.admin = this.producer = undefined;
    await Promise.all([
      admin?.then((a) => a.disconnect()).catch(() => undefined),
      producer?.then((p) => p.disconnect()).catch(() => undefined),
    ]);
  }

  private connected(): Promise<Admin> {
    const admin = (this.admin ??= this.connect(this.kafka.admin()));
    // A failed connection is tried again on the next call, not remembered for ever.
    admin.catch(() => {
      if (this.admin === admin) this.admin = undefined;
    });
    return admin;
  }

  private async connect<T extends { connect(): Promise<void> }>(client: T): Promise<T> {
    await client.connect();
    return client;
  }
}

function assignment(buffer: Buffer): Array<{ topic: string; partition: number }> {
  if (buffer.length === 0) return [];
  const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
  return Object.entries(decoded?.assignment ?? {}).flatMap(([topic, partitions]) =>
    partitions.map((partition) => ({ topic, partition })),
  );
}

function headerList(headers: IHeaders | undefined): RawRecord['headers'] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    ([] as Array<Buffer | string | undefined>)
      .concat(value)
      .filter((v): v is Buffer | string => v !== undefined)
      .map((v) => ({ name, value: Buffer.from(v) })),
  );
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
