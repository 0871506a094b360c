import type { ReplayResult } from '../api';
import type { KafkaSource } from './sources';
import { BadQueryError } from './views/records';

/** Headers the dead-letter writers add; a replayed record goes back without them, as it first was. */
const DEAD_LETTER_HEADER = /^(dlq-|failure-)/;

export interface DeadLetterRef {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * Puts one dead letter back on the topic it came from: the same key (so the same partition and per-key
 * order), value and original headers, without the `dlq-*`/`failure-*` ones. Replaying twice is harmless:
 * notify sends at most one email per eventId. The one operation behind the console's replay button.
 * @throws BadQueryError when there is no such record or it does not say where it came from
 */
export async function replayDeadLetter(
  kafka: KafkaSource,
  ref: DeadLetterRef,
  fallbackTopic: string,
  now: () => Date = () => new Date(),
): Promise<ReplayResult> {
  const [record] = await kafka.read(ref.topic, [
    { partition: ref.partition, from: ref.offset, to: ref.offset + 1 },
  ]);
  if (!record || record.offset !== ref.offset) {
    throw new BadQueryError(`no record at ${ref.topic}/${ref.partition}@${ref.offset}`, 'offset');
  }
  const source = record.headers
    .filter((h) => h.name === 'dlq-source-topic' || h.name === 'failure-topic')
    .at(-1);
  const topic = source?.value.toString('utf8') || fallbackTopic;
  if (topic === ref.topic)
    throw new BadQueryError('a dead letter cannot be replayed onto its own topic', 'topic');
  const landed = await kafka.write(topic, {
    key: record.key,
    value: record.value,
    headers: record.headers.filter((h) => !DEAD_LETTER_HEADER.test(h.name)),
  });
  return { topic, ...landed, at: now().toISOString() };
}
