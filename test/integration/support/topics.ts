import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Message } from 'kafkajs';
import { localKafka } from '../../../scripts/infra/provision';

/** A topic of its own for one test, so tests sharing the broker never see each other's records. */
export async function createTopic(prefix: string, partitions = 3): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = localKafka('test-topics').admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
    await waitForLeaders(admin, topic, partitions);
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/**
 * Until every partition has a leader. kafkajs' own `waitForLeaders` retries only LEADER_NOT_AVAILABLE, but a
 * busy broker first answers UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created.
 */
async function waitForLeaders(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const ready = topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0;
      if (ready === partitions) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader for every partition after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function produce(topic: string, messages: Message[]): Promise<void> {
  const producer = localKafka('test-producer').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** The group's committed offset per partition; -1 where it has committed nothing. */
export async function committedOffsets(groupId: string, topic: string): Promise<Record<number, number>> {
  const admin = localKafka('test-offsets').admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}
