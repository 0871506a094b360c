import { randomUUID } from 'node:crypto';
import { Partitioners, type Message } from 'kafkajs';
import { localKafka } from '../../../scripts/infra/provision';
import { eventually } from './wait';

/**
 * A topic of its own for one test, so tests sharing the broker never see each other's records. Waits
 * until every partition has a leader: kafkajs' own wait gives up when the broker has not yet learnt of the
 * topic from the controller ("does not host this topic-partition"), which a busy machine makes last.
 */
export async function createTopic(prefix: string, partitions = 3): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = localKafka('test-topics').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
    await eventually(`leaders for every partition of ${topic}`, async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      const found = metadata?.topics[0]?.partitions ?? [];
      return found.length === partitions && found.every((p) => p.leader >= 0) ? true : undefined;
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
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
