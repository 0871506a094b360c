import { randomUUID } from 'node:crypto';
import net from 'node:net';
import awsFailureRecord from '../../fixtures/conformance/aws/kafka-failure-destination-record.json';
import mskExample from '../../fixtures/events/msk-event.json';
import selfManagedExample from '../../fixtures/events/self-managed-kafka-event.json';
import {
  envelopeShape,
  recordsAreGroupedByPartition,
  recordShape,
  typeShape,
} from '../../support/kafka-event-shape';
import { endOffsets, readFrom } from '../support/kafka';
import { recordDir, startFixtureOffline, type Invocation, type RunningProcess } from '../support/offline';
import { localKafka } from '../../../scripts/infra/provision';
import { committedOffsets, createTopic, produce } from '../support/topics';
import { eventually } from '../support/wait';

/**
 * `serverless offline start` of a fixture service, as a child process, against the real broker: what the
 * handler receives, what is committed, and what happens on failures, restarts and rebalances.
 */

// Each case starts serverless offline (seconds when the machine is busy) and then waits for commits.
jest.setTimeout(150_000);

const FIRST = { http: 3100, lambda: 3102 };
const SECOND = { http: 3200, lambda: 3202 };

const running: RunningProcess[] = [];
const dirs: Array<ReturnType<typeof recordDir>> = [];

const FIXTURE_ARN =
  'arn:aws:kafka:us-east-1:123456789012:cluster/fixture/11111111-2222-3333-4444-555555555555-1';

function offline(
  ports: typeof FIRST,
  env: NodeJS.ProcessEnv,
  mapping?: Record<string, unknown>,
): RunningProcess {
  const process = startFixtureOffline(ports, env, { mapping });
  running.push(process);
  return process;
}

function records() {
  const dir = recordDir();
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  dirs.splice(0).forEach((dir) => dir.remove());
});

const group = () => `offline-kafka-test-${randomUUID().slice(0, 8)}`;
const keyedMessages = (run: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ key: `${run}-${i}`, value: JSON.stringify({ run, i }) }));

/**
 * Waits for the group's commits to reach the end of every partition that has records left; `earliest`
 * gives the first offset each partition still has when records were deleted. Generous: in CI the fault
 * suite's burst of 1000 orders shares the two cores, and a commit then comes seconds after its invocation.
 */
async function allCommitted(
  groupId: string,
  topic: string,
  earliest = new Map<number, number>(),
): Promise<void> {
  const ends = Object.fromEntries([...(await endOffsets(topic))].map(([p, o]) => [p, Number(o)]));
  await eventually(
    `${groupId} to commit up to ${JSON.stringify(ends)}`,
    async () => {
      const committed = await committedOffsets(groupId, topic);
      // A partition with no record left (none written, or all deleted) delivers nothing: nothing to commit.
      const done = Object.entries(ends).every(
        ([p, end]) => committed[Number(p)] === (end === (earliest.get(Number(p)) ?? 0) ? -1 : end),
      );
      return done ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

function joinedPartitions(process: RunningProcess, fn: string): number[] | undefined {
  const joins = [
    ...process.output().matchAll(new RegExp(`${fn} joined group \\S+: \\S+ partitions \\[([\\d,]*)\\]`, 'g')),
  ];
  const last = joins[joins.length - 1];
  return last ? last[1]!.split(',').filter(Boolean).map(Number) : undefined;
}

const decode = (base64?: string) =>
  base64 === undefined ? undefined : Buffer.from(base64, 'base64').toString('utf8');

describe('serverless-offline-kafka under serverless offline', () => {
  it('hands the function exactly the event AWS documents, filters as AWS does and commits', async () => {
    const [mskTopic, selfManagedTopic, filteredTopic] = await Promise.all([
      createTopic('offline-kafka-shape'),
      createTopic('offline-kafka-self-managed'),
      createTopic('offline-kafka-filtered'),
    ]);
    const [mskGroup, selfManagedGroup, filteredGroup] = [group(), group(), group()];
    const dir = records();
    const sls = offline(FIRST, {
      RECORD_DIR: dir.dir,
      MSK_TOPIC: mskTopic,
      MSK_GROUP: mskGroup,
      SELF_MANAGED_ENABLED: 'true',
      SELF_MANAGED_TOPIC: selfManagedTopic,
      SELF_MANAGED_GROUP: selfManagedGroup,
      FILTERED_ENABLED: 'true',
      FILTERED_TOPIC: filteredTopic,
      FILTERED_GROUP: filteredGroup,
    });
    await Promise.all(
      ['recordMsk', 'recordSelfManaged', 'recordFiltered'].map((fn) =>
        sls.waitFor(new RegExp(`${fn} joined group`)),
      ),
    );

    const run = randomUUID();
    await produce(mskTopic, [
      ...keyedMessages(run, 6).map((m, i) => ({
        ...m,
        partition: i % 3,
        headers: { eventType: 'OrderCreated', 'x-accent': 'hé' },
      })),
      { key: null, value: JSON.stringify({ run, keyless: true }), partition: 0 },
      { key: `${run}-tombstone`, value: null, partition: 0 },
    ]);
    await produce(selfManagedTopic, [{ key: 'k', value: 'plain text', headers: { h: 'v' } }]);
    await produce(filteredTopic, [
      { key: 'a', value: JSON.stringify({ eventType: 'OrderCreated', id: 1 }) },
      { key: 'b', value: JSON.stringify({ eventType: 'OrderCancelled', id: 2 }) },
      { key: 'c', value: 'not json' },
    ]);

    const ofTopic = (topic: string) => (i: Invocation) =>
      Object.keys(i.event.records).some((key) => key.startsWith(`${topic}-`));
    const mskRecords = await eventually('all 8 msk records', async () => {
      const all = dir
        .invocations()
        .filter(ofTopic(mskTopic))
        .flatMap((i) => Object.values(i.event.records).flat());
      return all.length === 8 ? all : undefined;
    });
    const mskEvents = dir.invocations().filter(ofTopic(mskTopic));
    const selfManaged = await eventually('the self-managed record', async () =>
      dir.invocations().find(ofTopic(selfManagedTopic)),
    );
    const filtered = await eventually('the filtered topic records', async () => {
      const found = dir.invocations().filter(ofTopic(filteredTopic));
      return found.length > 0 ? found : undefined;
    });
    await Promise.all([allCommitted(mskGroup, mskTopic), allCommitted(filteredGroup, filteredTopic)]);

    // The MSK event: same envelope and record structure as AWS's documented example.
    for (const { event } of mskEvents) {
      expect(envelopeShape(event)).toEqual(envelopeShape(mskExample));
      expect(event).toMatchObject({
        eventSource: 'aws:kafka',
        eventSourceArn:
          'arn:aws:kafka:us-east-1:123456789012:cluster/fixture/11111111-2222-3333-4444-555555555555-1',
        bootstrapServers: 'localhost:9092',
      });
      expect(recordsAreGroupedByPartition(event)).toBe(true);
    }
    const exampleRecord = mskExample.records['mytopic-0'][0]!;
    const full = mskRecords.filter(
      (r) => r.key !== undefined && r.value !== undefined && r.headers.length > 0,
    );
    expect(full).toHaveLength(6);
    for (const record of full) {
      expect(recordShape(record)).toEqual(recordShape(exampleRecord));
      expect(JSON.parse(decode(record.value)!)).toMatchObject({ run });
      expect(record.headers).toEqual([
        { eventType: [...Buffer.from('OrderCreated')] },
        // Signed bytes, as AWS sends them: "é" is 0xC3 0xA9.
        { 'x-accent': [104, -61, -87] },
      ]);
      expect(record.timestampType).toBe('CREATE_TIME');
    }
    expect(new Set(mskRecords.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    const keyless = mskRecords.find((r) => decode(r.value)?.includes('keyless'));
    expect(keyless).not.toHaveProperty('key');
    const tombstone = mskRecords.find((r) => decode(r.key) === `${run}-tombstone`);
    expect(tombstone).toBeDefined();
    expect(tombstone).not.toHaveProperty('value');

    // The self-managed event: no ARN, as AWS documents.
    expect(envelopeShape(selfManaged.event)).toEqual(envelopeShape(selfManagedExample));
    expect(selfManaged.event.eventSource).toBe('SelfManagedKafka');
    expect(decode(Object.values(selfManaged.event.records).flat()[0]!.value)).toBe('plain text');

    // Filtered: only the OrderCreated record reached the function; the others were committed past.
    const delivered = filtered
      .flatMap((i) => Object.values(i.event.records).flat())
      .map((r) => JSON.parse(decode(r.value)!));
    expect(delivered).toEqual([{ eventType: 'OrderCreated', id: 1 }]);
    // The plugin logs an invocation once the function has returned, a moment after it wrote its record.
    await sls.waitFor(/recordMsk \S+-\d\[[\d.]+\].* ms ok/);
  });

  it('retries a failing batch without moving the committed offset, then processes every record once', async () => {
    const topic = await createTopic('offline-kafka-retry');
    const groupId = group();
    const dir = records();
    dir.fail(true);
    const sls = offline(FIRST, { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId });
    await sls.waitFor(/recordMsk joined group/);

    await produce(topic, keyedMessages(randomUUID(), 5));
    const failed = await eventually('three failed attempts', async () => {
      const attempts = dir.invocations().filter((i) => i.failed);
      return attempts.length >= 3 ? attempts : undefined;
    });
    const committedWhileFailing = await committedOffsets(groupId, topic);
    dir.fail(false);
    await eventually('every record processed', async () =>
      dir.processedCounts().size === 5 ? true : undefined,
    );
    await allCommitted(groupId, topic);

    for (const attempt of failed) expect(attempt.event).toEqual(failed[0]!.event);
    expect(committedWhileFailing).toEqual({ 0: -1, 1: -1, 2: -1 });
    expect([...dir.processedCounts().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(sls.output()).toMatch(
      /recordMsk .* failed \(Error: injected fault\), attempt 1, retrying in \d+ ms/,
    );
  });

  it('after a restart resumes from the committed offsets: nothing lost, nothing processed twice', async () => {
    const topic = await createTopic('offline-kafka-restart');
    const groupId = group();
    const dir = records();
    const env = { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId };
    const before = offline(FIRST, env);
    await before.waitFor(/recordMsk joined group/);
    await produce(topic, keyedMessages(randomUUID(), 6));
    await eventually('the first records', async () => (dir.processedCounts().size === 6 ? true : undefined));
    await allCommitted(groupId, topic);

    expect(await before.stop()).toBe(0);
    expect(before.output()).toMatch(/consumers stopped and left their groups/);
    await produce(topic, keyedMessages(randomUUID(), 6));
    const after = offline(FIRST, env);
    await after.waitFor(/recordMsk joined group/);
    await eventually('the records produced while it was down', async () =>
      dir.processedCounts().size === 12 ? true : undefined,
    );
    await allCommitted(groupId, topic);

    expect([...dir.processedCounts().values()].every((count) => count === 1)).toBe(true);
  });

  it('with TRIM_HORIZON, a group that never committed starts at the earliest retained record of each partition', async () => {
    const topic = await createTopic('offline-kafka-trim-horizon');
    const groupId = group();
    const dir = records();
    await produce(topic, keyedMessages(randomUUID(), 12));
    // Records before these offsets are gone, as retention would have deleted them: the earliest offset
    // a partition still has is no longer 0.
    const ends = await endOffsets(topic);
    const firstRetained = new Map([...ends].map(([partition, end]) => [partition, Math.min(1, Number(end))]));
    const admin = localKafka('offline-kafka-trim').admin();
    await admin.connect();
    try {
      // kafkajs finds the partitions' leaders in metadata it must have loaded first.
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({
        topic,
        partitions: [...firstRetained].map(([partition, offset]) => ({ partition, offset: String(offset) })),
      });
    } finally {
      await admin.disconnect();
    }
    const retained = [...ends].reduce((sum, [p, end]) => sum + Number(end) - firstRetained.get(p)!, 0);

    const first = offline(FIRST, { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId });
    await first.waitFor(/recordMsk joined group/);
    await eventually('every retained record', async () =>
      dir.processedCounts().size === retained ? true : undefined,
    );
    await allCommitted(groupId, topic, firstRetained);

    const processed = [...dir.processedCounts()].map(([id, count]) => {
      const [partition, offset] = id.split(':').map(Number) as [number, number];
      return { partition, offset, count };
    });
    expect(processed.every(({ partition, offset }) => offset >= firstRetained.get(partition)!)).toBe(true);
    expect(processed.every(({ count }) => count === 1)).toBe(true);
  });

  it('shares the partitions between two processes in one group and hands them over when one stops', async () => {
    const topic = await createTopic('offline-kafka-group');
    const groupId = group();
    const dir = records();
    const env = { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId };
    const one = offline(FIRST, { ...env, INSTANCE: 'one' });
    await one.waitFor(/recordMsk joined group/);
    const two = offline(SECOND, { ...env, INSTANCE: 'two' });
    await two.waitFor(/recordMsk joined group/, { timeoutMs: 60_000 });
    const split = await eventually('the two processes to split the partitions', async () => {
      const [a, b] = [joinedPartitions(one, 'recordMsk'), joinedPartitions(two, 'recordMsk')];
      return a && b && a.length > 0 && b.length > 0 && a.length + b.length === 3
        ? { one: a, two: b }
        : undefined;
    });

    await produce(topic, keyedMessages(randomUUID(), 30));
    await eventually('the first 30 records', async () =>
      dir.processedCounts().size === 30 ? true : undefined,
    );
    const handledBy = new Map<number, Set<string>>();
    for (const invocation of dir.invocations()) {
      for (const record of Object.values(invocation.event.records).flat()) {
        handledBy.set(
          record.partition,
          (handledBy.get(record.partition) ?? new Set()).add(invocation.instance),
        );
      }
    }

    const handOver = two.output().length;
    expect(await one.stop()).toBe(0);
    await two.waitFor(/recordMsk joined group \S+: \S+ partitions \[0,1,2\]/, { after: handOver });
    await produce(topic, keyedMessages(randomUUID(), 30));
    await eventually('all 60 records', async () => (dir.processedCounts().size === 60 ? true : undefined));
    await allCommitted(groupId, topic);

    expect([...split.one, ...split.two].sort()).toEqual([0, 1, 2]);
    for (const partition of split.one) expect(handledBy.get(partition)).toEqual(new Set(['one']));
    for (const partition of split.two) expect(handledBy.get(partition)).toEqual(new Set(['two']));
    expect([...dir.processedCounts().values()].every((count) => count === 1)).toBe(true);
  });

  it('starts even when Kafka does not answer, says so, keeps trying, and stops cleanly', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const sls = offline(FIRST, {
      RECORD_DIR: records().dir,
      MSK_TOPIC: 'offline-kafka-unreachable',
      MSK_GROUP: group(),
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
    });

    await sls.waitFor(
      /recordMsk cannot consume offline-kafka-unreachable yet \(.*ECONNREFUSED.*\); trying again in 1 s/,
    );
    await sls.waitFor(/1 event source started/);

    expect(await sls.stop()).toBe(0);
  });

  it('past the retry limit writes each failed record to the destination in the format AWS documents, keyed as the original', async () => {
    const [topic, destination] = await Promise.all([
      createTopic('offline-kafka-source'),
      createTopic('offline-kafka-failed'),
    ]);
    const groupId = group();
    const dir = records();
    dir.fail(true);
    const from = await endOffsets(destination);
    const sls = offline(
      FIRST,
      { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId },
      {
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: `kafka://${destination}` } },
        ProvisionedPollerConfig: { MinimumPollers: 1 },
      },
    );
    await sls.waitFor(/recordMsk joined group/);

    const run = randomUUID();
    await produce(topic, [{ key: `${run}-a`, value: JSON.stringify({ run }), partition: 1 }]);
    const [dead] = await readFrom(destination, from, (found) => found.length === 1);
    await allCommitted(groupId, topic);

    expect(dir.invocations().filter((i) => i.failed)).toHaveLength(2);
    expect(dead!.message.key!.toString()).toBe(`${run}-a`);
    expect(dead!.message.headers).toEqual({});
    const failure = JSON.parse(dead!.message.value!.toString()) as typeof awsFailureRecord;
    const {
      payload: { records: written, ...writtenEnvelope },
      ...writtenMetadata
    } = failure;
    const {
      payload: { records: documented, ...documentedEnvelope },
      ...documentedMetadata
    } = awsFailureRecord;
    expect(typeShape({ ...writtenMetadata, payload: writtenEnvelope })).toEqual(
      typeShape({ ...documentedMetadata, payload: documentedEnvelope }),
    );
    expect(Object.keys(written)).toEqual([`${topic}-1`]);
    expect(recordShape(Object.values(written).flat()[0]!)).toEqual(
      recordShape(Object.values(documented).flat()[0]!),
    );
    expect(failure).toMatchObject({
      requestContext: {
        functionArn:
          'arn:aws:lambda:us-east-1:123456789012:function:offline-kafka-fixture-test-recordMsk:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      KafkaBatchInfo: {
        batchSize: 1,
        eventSourceArn: FIXTURE_ARN,
        bootstrapServers: 'localhost:9092',
        recordInfo: { offset: '0' },
      },
      payload: { eventSource: 'aws:kafka', eventSourceArn: FIXTURE_ARN, bootstrapServers: 'localhost:9092' },
    });
    const [record] = Object.values(written).flat();
    expect(record).toMatchObject({ topic, partition: 1, offset: 0, headers: [] });
    expect(JSON.parse(decode(record!.value)!)).toEqual({ run });
    expect(failure.KafkaBatchInfo.payloadSize).toBe(Buffer.byteLength(JSON.stringify(failure.payload)));
  });

  it('with ReportBatchItemFailures commits what succeeded and retries a partition only from its failed record', async () => {
    const topic = await createTopic('offline-kafka-partial');
    const groupId = group();
    const dir = records();
    dir.failRecords([`${topic}-1@1`]);
    const sls = offline(
      FIRST,
      { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId },
      { FunctionResponseTypes: ['ReportBatchItemFailures'], ProvisionedPollerConfig: { MinimumPollers: 1 } },
    );
    await sls.waitFor(/recordMsk joined group/);

    await produce(
      topic,
      [0, 1, 2].flatMap((partition) =>
        [0, 1, 2].map((i) => ({ key: `k-${partition}-${i}`, value: JSON.stringify({ i }), partition })),
      ),
    );
    await eventually('the failed record to be reported twice', async () =>
      dir.invocations().filter((i) => i.reported.length > 0).length >= 2 ? true : undefined,
    );
    const whileFailing = await committedOffsets(groupId, topic);
    dir.failRecords([]);
    await allCommitted(groupId, topic);

    // Partitions 0 and 2 and record 1:0 were done the first time and never handed over again.
    expect(whileFailing).toEqual({ 0: 3, 1: 1, 2: 3 });
    const counts = dir.processedCounts();
    for (const id of ['0:0', '0:1', '0:2', '1:0', '2:0', '2:1', '2:2', '1:1']) expect(counts.get(id)).toBe(1);
    // The records after the failed one are read again with it: at least once, in order.
    expect(counts.get('1:2')).toBeGreaterThanOrEqual(1);
    const retried = dir
      .invocations()
      .filter((i) => i.reported.length > 0)
      .at(-1)!;
    expect(Object.keys(retried.event.records)).toEqual([`${topic}-1`]);
    expect(retried.event.records[`${topic}-1`]!.map((r) => r.offset)).toEqual([1, 2]);
    expect(sls.output()).toMatch(
      /recordMsk .* 9 records \d+ ms 1 failed \(\S+-1@1\), 7 done, attempt 1, retrying/,
    );
  });

  it('keeps the other partitions flowing while one partition’s invocation hangs', async () => {
    const topic = await createTopic('offline-kafka-stall');
    const groupId = group();
    const dir = records();
    dir.stall(0, true);
    const sls = offline(
      FIRST,
      { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId, FUNCTION_TIMEOUT: '30' },
      { MaximumBatchingWindowInSeconds: 0 },
    );
    await sls.waitFor(/recordMsk joined group/);
    expect(sls.output()).toMatch(/recordMsk ← \S+ on \S+ \(group \S+, batch 100, window 0 ms/);

    await produce(topic, [{ key: 'stuck', value: '{}', partition: 0 }]);
    await eventually('the invocation of partition 0 to hang', async () =>
      dir.invocations().some((i) => i.stalled.includes(0)) ? true : undefined,
    );
    for (let round = 0; round < 3; round++) {
      await produce(topic, [
        { key: `a-${round}`, value: '{}', partition: 1 },
        { key: `b-${round}`, value: '{}', partition: 2 },
      ]);
      await eventually(`round ${round} of partitions 1 and 2`, async () => {
        const committed = await committedOffsets(groupId, topic);
        return committed[1] === round + 1 && committed[2] === round + 1 ? true : undefined;
      });
    }
    const whileStalled = await committedOffsets(groupId, topic);
    dir.stall(0, false);
    await allCommitted(groupId, topic);

    expect(whileStalled[0]).toBe(-1);
    expect([...dir.processedCounts().values()].every((count) => count === 1)).toBe(true);
    expect(dir.processedCounts().size).toBe(7);
  });

  it('sends records older than MaximumRecordAgeInSeconds to the destination without invoking the function', async () => {
    const [topic, destination] = await Promise.all([
      createTopic('offline-kafka-aged'),
      createTopic('offline-kafka-aged-dlq'),
    ]);
    const groupId = group();
    const dir = records();
    const from = await endOffsets(destination);
    const sls = offline(
      FIRST,
      { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId },
      {
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: `kafka://${destination}` } },
        ProvisionedPollerConfig: { MinimumPollers: 1 },
      },
    );
    await sls.waitFor(/recordMsk joined group/);

    await produce(topic, [
      { key: 'old', value: '{"old":true}', partition: 0, timestamp: String(Date.now() - 3_600_000) },
      { key: 'new', value: '{"old":false}', partition: 0 },
    ]);
    const [dead] = await readFrom(destination, from, (found) => found.length === 1);
    await allCommitted(groupId, topic);

    const failure = JSON.parse(dead!.message.value!.toString()) as typeof awsFailureRecord;
    expect(failure.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
    });
    expect(failure.responseContext).toBeNull();
    expect(dir.processedCounts()).toEqual(new Map([['0:1', 1]]));
  });

  it('writes a failure record too large for the destination topic without the value, and moves on', async () => {
    const topic = await createTopic('offline-kafka-big');
    const destination = await createTopic('offline-kafka-small-dlq', 3, { 'max.message.bytes': '3000' });
    const groupId = group();
    const dir = records();
    dir.fail(true);
    const from = await endOffsets(destination);
    const sls = offline(
      FIRST,
      { RECORD_DIR: dir.dir, MSK_TOPIC: topic, MSK_GROUP: groupId },
      {
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `kafka://${destination}` } },
        ProvisionedPollerConfig: { MinimumPollers: 1 },
      },
    );
    await sls.waitFor(/recordMsk joined group/);

    // 2000 bytes fit the source topic; their failure record (base64 plus metadata) does not fit 3000.
    await produce(topic, [{ key: 'big', value: 'x'.repeat(2000), partition: 2 }]);
    const [dead] = await readFrom(destination, from, (found) => found.length === 1);
    await allCommitted(groupId, topic);

    const failure = JSON.parse(dead!.message.value!.toString()) as typeof awsFailureRecord;
    const [record] = Object.values(failure.payload.records).flat();
    expect(record).not.toHaveProperty('value');
    expect(record).toMatchObject({ topic, partition: 2, offset: 0 });
    expect(String(dead!.message.headers?.['x-offline-kafka-value-omitted'])).toMatch(
      /^the failure record \(\d+ bytes\) exceeds \S+'s max\.message\.bytes$/,
    );
    expect(sls.output()).toMatch(/writing it without the record's value/);
  });
});
