import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { AWS_ENDPOINT_URL, KAFKA_BROKERS, LOCAL } from './local';
import { sleep } from './processes';
import type { TimeToLiveSpec, Topology } from './topology';

/** Clients for the local emulator, with short timeouts: provisioning must fail fast, not hang. */
export function localAwsClientConfig(endpoint = AWS_ENDPOINT_URL) {
  return {
    endpoint,
    region: LOCAL.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2000, requestTimeout: 5000 }),
  };
}

export function localKafka(clientId: string, brokers = KAFKA_BROKERS): Kafka {
  return new Kafka({
    clientId,
    brokers: [brokers],
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 3 },
    logLevel: logLevel.NOTHING,
  });
}

/** Creates what is missing; leaves what exists. Safe to run any number of times. */
export async function provision(topology: Topology, log: (line: string) => void): Promise<void> {
  await Promise.all([
    provisionTopics(topology, log),
    provisionTables(topology, log),
    provisionSender(topology),
    provisionGroupCoordinator(log),
  ]);
}

async function provisionGroupCoordinator(log: (line: string) => void): Promise<void> {
  const kafka = localKafka('infra-provision');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitForGroupCoordinator(admin, log);
  } finally {
    await admin.disconnect();
  }
  // Likewise the first idempotent producer on a new broker waits for its producer id ("The coordinator is
  // loading" at InitProducerId, which kafkajs logs as an error before retrying): take it here, quietly.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.disconnect();
}

/**
 * Until the broker's group coordinator answers. On a new broker the first consumer group makes it create
 * `__consumer_offsets` and load it; a consumer joining meanwhile crashes with "The coordinator is loading
 * and hence can't process requests for this group" and restarts: harmless, but alarming on a first
 * `npm run dev`. Asking about a group here moves that wait before "ready".
 */
export async function waitForGroupCoordinator(
  admin: Pick<Admin, 'describeGroups'>,
  log: (line: string) => void,
  { timeoutMs = 60_000, intervalMs = 250, now = Date.now } = {},
): Promise<void> {
  const deadline = now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.describeGroups(['infra-provision']);
      return;
    } catch (error) {
      if (now() > deadline) {
        throw new Error(`Kafka's group coordinator did not answer within ${timeoutMs / 1000} s`, {
          cause: error,
        });
      }
      if (attempt === 0) log("waiting for Kafka's group coordinator (a new broker sets it up on first use)");
      await sleep(intervalMs);
    }
  }
}

async function provisionTopics({ topics }: Topology, log: (line: string) => void): Promise<void> {
  const admin = localKafka('infra-provision').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: 1,
          configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
        })),
      });
      log(
        `created topics ${missing.map((topic) => `${topic.name} (${topic.partitions} partitions)`).join(', ')}`,
      );
    }
    const present = topics.filter((topic) => existing.has(topic.name));
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
    for (const topic of present) {
      const actual = metadata.topics.find((t) => t.name === topic.name)?.partitions.length ?? 0;
      // Kafka can add partitions but never remove them: more than defined is reported, not "fixed".
      if (actual < topic.partitions) {
        await admin.createPartitions({ topicPartitions: [{ topic: topic.name, count: topic.partitions }] });
        log(`grew ${topic.name} from ${actual} to ${topic.partitions} partitions`);
      } else if (actual > topic.partitions) {
        log(`warning: ${topic.name} has ${actual} partitions, serverless.yml says ${topic.partitions}`);
      }
    }
    await alignTopicConfigs(admin, present, log);
  } finally {
    await admin.disconnect();
  }
}

/** A topic created before its settings were in serverless.yml gets them now (only those named there). */
async function alignTopicConfigs(admin: Admin, topics: Topology['topics'], log: (line: string) => void) {
  const configured = topics.filter((topic) => Object.keys(topic.config).length > 0);
  if (configured.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: configured.map((topic) => ({
      type: ConfigResourceTypes.TOPIC,
      name: topic.name,
      configNames: Object.keys(topic.config),
    })),
  });
  for (const topic of configured) {
    const actual = new Map(
      resources
        .find((resource) => resource.resourceName === topic.name)
        ?.configEntries.map((entry) => [entry.configName, entry.configValue]) ?? [],
    );
    const changed = Object.entries(topic.config).filter(([name, value]) => actual.get(name) !== value);
    if (changed.length === 0) continue;
    // Incremental in spirit: every setting serverless.yml names is sent, none it does not name is touched.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic.name,
          configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    log(`set ${changed.map(([name, value]) => `${name}=${value}`).join(', ')} on ${topic.name}`);
  }
}

async function provisionTables({ tables, timeToLive }: Topology, log: (line: string) => void): Promise<void> {
  const dynamodb = new DynamoDBClient(localAwsClientConfig());
  try {
    const existing = new Set((await dynamodb.send(new ListTablesCommand({ Limit: 100 }))).TableNames ?? []);
    for (const table of tables) {
      if (existing.has(table.TableName!)) {
        await addMissingIndexes(dynamodb, table, log);
        continue;
      }
      try {
        await dynamodb.send(new CreateTableCommand(table));
        log(`created table ${table.TableName}`);
      } catch (error) {
        // Another provisioner got there first: that is the outcome we wanted.
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await waitForActive(dynamodb, table.TableName!);
    }
    for (const spec of timeToLive) await enableTimeToLive(dynamodb, spec, log);
  } finally {
    dynamodb.destroy();
  }
}

/**
 * A table made before serverless.yml gave it an index (a running or persisted emulator) gets the index,
 * as CloudFormation would add it on deploy. DynamoDB takes one new index per UpdateTable.
 */
async function addMissingIndexes(
  dynamodb: DynamoDBClient,
  table: CreateTableCommandInput,
  log: (line: string) => void,
): Promise<void> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table.TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of table.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: table.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
    log(`added index ${index.IndexName} to table ${table.TableName}`);
    await waitForActive(dynamodb, table.TableName!);
  }
}

async function enableTimeToLive(
  dynamodb: DynamoDBClient,
  { TableName, AttributeName }: TimeToLiveSpec,
  log: (line: string) => void,
): Promise<void> {
  const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (
    (status === 'ENABLED' || status === 'ENABLING') &&
    TimeToLiveDescription?.AttributeName === AttributeName
  )
    return;
  await dynamodb.send(
    new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName, Enabled: true } }),
  );
  log(`items of ${TableName} now expire by ${AttributeName}`);
}

async function waitForActive(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await sleep(100);
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/** MiniStack sends from any address, LocalStack and AWS only from a verified one: verify it everywhere. */
async function provisionSender({ sesSender }: Topology): Promise<void> {
  const ses = new SESClient(localAwsClientConfig());
  try {
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: sesSender }));
  } finally {
    ses.destroy();
  }
}
