import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Partitioners, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
import { runMain, table } from './command-line';
import { age, readDeadLetter, type DeadLetter } from './dlq/dead-letters';
import { localKafka } from './infra/provision';

/**
 * `npm run dlq [-- --json] [-- --topic <dlq>]`: the dead letters of order-events.dlq, oldest first — why,
 * where from, how long ago. `npm run dlq:replay -- <id …|all> [--reason <reason>] [--dry-run]` puts the
 * chosen ones back on the topic they came from, as the same event: consumers deduplicate it.
 */
export const DEFAULT_DLQ_TOPIC = 'order-events.dlq';
const READ_TIMEOUT_MS = 15_000;

export interface ReadResult {
  deadLetters: DeadLetter[];
  /** Messages of the topic that are no dead letter we can read, with why. */
  unreadable: Array<{ id: string; error: string }>;
}

/** Every message of the topic from its start, read with a throwaway consumer group that is then deleted. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
): Promise<Array<KafkaMessage & { partition: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `dlq-reader-${randomUUID()}`;
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter(({ low, high }) => Number(high) > Number(low))
        .map(({ partition, high }) => [partition, Number(high)]),
    );
    const messages: Array<KafkaMessage & { partition: number }> = [];
    if (ends.size === 0) return messages;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`could not read ${topic} to its end within ${READ_TIMEOUT_MS / 1000} s`)),
          READ_TIMEOUT_MS,
        );
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            messages.push({ ...message, partition });
            if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) ends.delete(partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
    return messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export async function readDeadLetters(kafka: Kafka, topic: string): Promise<ReadResult> {
  const result: ReadResult = { deadLetters: [], unreadable: [] };
  for (const message of await readTopic(kafka, topic)) {
    try {
      result.deadLetters.push(readDeadLetter(message));
    } catch (error) {
      result.unreadable.push({
        id: `${message.partition}:${message.offset}`,
        error: (error as Error).message,
      });
    }
  }
  result.deadLetters.sort((a, b) => a.deadLetteredAt.getTime() - b.deadLetteredAt.getTime());
  return result;
}

export function formatDeadLetters({ deadLetters, unreadable }: ReadResult, topic: string, now: Date): string {
  const lines: string[] = [];
  if (deadLetters.length === 0) lines.push(`No dead letters on ${topic}.`);
  else {
    lines.push(
      table(
        ['id', 'age', 'reason', 'source', 'attempts', 'key', 'by'],
        deadLetters.map((d) => [
          d.id,
          age(d.deadLetteredAt, now),
          d.detail ? `${d.reason} (${d.detail})` : d.reason,
          `${d.source.topic}-${d.source.partition}@${d.source.offset}`,
          d.attempts === undefined ? '-' : String(d.attempts),
          d.original.key?.toString('utf8') ?? '-',
          d.writer,
        ]),
        [4],
      ),
    );
  }
  for (const { error } of unreadable) lines.push(`skipped ${error}`);
  return lines.join('\n');
}

/** For `--json`: bytes as UTF-8 text (dead letters here hold JSON events). */
export function jsonView({ deadLetters, unreadable }: ReadResult) {
  const text = (bytes: Buffer | null) => (bytes === null ? null : bytes.toString('utf8'));
  return {
    deadLetters: deadLetters.map((d) => ({
      ...d,
      original: {
        key: text(d.original.key),
        value: text(d.original.value),
        headers: d.original.headers.map(({ name, value }) => ({ name, value: text(value) })),
      },
    })),
    unreadable,
  };
}

/** The dead letters `selection` names: `<partition>:<offset>` ids, or `all`; optionally of one reason. */
export function select(deadLetters: DeadLetter[], selection: string[], reason?: string): DeadLetter[] {
  if (selection.length === 0)
    throw new Error('say which dead letters to replay: their ids (see npm run dlq), or all');
  const all = selection.includes('all');
  const ids = selection.flatMap((item) => item.split(',')).filter((item) => item !== 'all' && item !== '');
  for (const id of ids) {
    if (!/^\d+:\d+$/.test(id)) throw new Error(`"${id}" is not a dead letter id (<partition>:<offset>)`);
    if (!deadLetters.some((d) => d.id === id)) throw new Error(`no dead letter ${id}`);
  }
  return deadLetters.filter(
    (d) => (all || ids.includes(d.id)) && (reason === undefined || d.reason === reason),
  );
}

/** The original record; fetched from its source topic when the dead letter had no room for its value. */
async function originalOf(kafka: Kafka, deadLetter: DeadLetter): Promise<DeadLetter['original']> {
  if (!deadLetter.valueOmitted) return deadLetter.original;
  const { topic, partition, offset } = deadLetter.source;
  const consumer = kafka.consumer({ groupId: `dlq-replay-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    const found = new Promise<KafkaMessage>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`${deadLetter.id}: ${topic}-${partition}@${offset} is no longer there to replay`)),
        READ_TIMEOUT_MS,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition: p, message }) => {
          if (p === partition && message.offset === offset) {
            clearTimeout(timer);
            resolve(message);
          }
        },
      });
      consumer.on(consumer.events.GROUP_JOIN, () => consumer.seek({ topic, partition, offset }));
    });
    const message = await found;
    return { ...deadLetter.original, value: message.value };
  } finally {
    await consumer.disconnect();
  }
}

async function replay(kafka: Kafka, dlqTopic: string, chosen: DeadLetter[], dryRun: boolean, to?: string) {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  if (!dryRun) await producer.connect();
  try {
    for (const deadLetter of chosen) {
      const topic = to ?? deadLetter.source.topic;
      const what = `${deadLetter.id} (${deadLetter.reason}, ${deadLetter.source.topic}-${deadLetter.source.partition}@${deadLetter.source.offset}, key ${deadLetter.original.key?.toString('utf8') ?? '-'})`;
      if (dryRun) {
        console.log(
          `would replay ${what} to ${topic}${deadLetter.valueOmitted ? ', fetching its value from the source' : ''}`,
        );
        continue;
      }
      const original = await originalOf(kafka, deadLetter);
      const headers: IHeaders = {};
      for (const { name, value } of original.headers) {
        const previous = headers[name];
        headers[name] =
          previous === undefined ? value : ([] as Array<Buffer | string>).concat(previous, value);
      }
      // Says where it came from; notify drops dlq-* headers should it set the event aside again.
      headers['dlq-replayed-from'] = `${dlqTopic}:${deadLetter.id}`;
      await producer.send({
        topic,
        acks: -1,
        timeout: 10_000,
        messages: [{ key: original.key, value: original.value, headers }],
      });
      console.log(`replayed ${what} to ${topic}`);
    }
  } finally {
    if (!dryRun) await producer.disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      topic: { type: 'string', default: DEFAULT_DLQ_TOPIC },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      reason: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const kafka = localKafka('dlq');
  const read = await readDeadLetters(kafka, values.topic);
  if (command === 'list') {
    if (positionals.length > 0)
      throw new Error(`unexpected ${positionals.join(' ')}: npm run dlq takes only options`);
    const shown = values.reason
      ? read.deadLetters.filter((d) => d.reason === values.reason)
      : read.deadLetters;
    const report = { ...read, deadLetters: shown };
    console.log(
      values.json
        ? JSON.stringify(jsonView(report), null, 2)
        : formatDeadLetters(report, values.topic, new Date()),
    );
    return 0;
  }
  if (command === 'replay') {
    const chosen = select(read.deadLetters, positionals, values.reason);
    if (chosen.length === 0) {
      console.log('Nothing to replay.');
      return 0;
    }
    await replay(kafka, values.topic, chosen, values['dry-run'], values.to);
    return 0;
  }
  throw new Error(`unknown command ${command ?? '(none)'}: list or replay`);
}

if (require.main === module) runMain('dlq', main);
