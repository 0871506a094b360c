import { randomUUID } from 'node:crypto';
import { Partitioners, type Message } from 'kafkajs';
import { localKafka } from '../../../scripts/infra/provision';
import { eventually } from './wait';

/** A topic of its own for one test, so tests sharing the broker never see each other's records. */
export async function createTopic(
  prefix: string,
  partitions = 3,
  config: Record<string, string> = {},
): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = localKafka('test-topics').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      // kafkajs's own wait gives up when the new topic's metadata is not everywhere yet
      // ("This server does not host this topic-partition"): wait below instead.
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    await eventually(`leaders for the partitions of ${topic}`, async () => {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const found = topics[0]?.partitions ?? [];
        return found.length === partitions && found.every((p) => p.leader >= 0) ? true : undefined;
      } catch {
        return undefined;
      }
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Deletes topics a test created, so runs leave nothing behind on the local broker. */
export async function deleteTopics(...topics: string[]): Promise<void> {
  const admin = localKafka('test-topics').admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
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
