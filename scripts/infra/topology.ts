import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LOCAL_DIR, ROOT } from './local';
import { run } from './processes';

/**
 * What the system needs to exist before it runs: Kafka topics, DynamoDB tables, the SES sender.
 * Defined once, in serverless.yml (tables in `resources`, topics and sender in `custom`), and read from
 * there — resolved by the Serverless CLI itself — by the local provisioner and the compose init hook.
 */
export interface Topology {
  topics: TopicSpec[];
  tables: CreateTableCommandInput[];
  /** Tables whose items expire by a time-to-live attribute (`TimeToLiveSpecification`). */
  timeToLive: TimeToLiveSpec[];
  sesSender: string;
}

export interface TimeToLiveSpec {
  TableName: string;
  AttributeName: string;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Topic-level settings (`max.message.bytes`, …), as Kafka names them. */
  config: Record<string, string>;
}

interface ServerlessConfig {
  custom?: { topics?: Record<string, Partial<TopicSpec>>; ses?: { sender?: string } };
  resources?: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };
}

export function loadTopology(stage: string): Topology {
  return topologyFrom(resolvedServerlessConfig(stage));
}

export function topologyFrom(config: ServerlessConfig): Topology {
  const topics = Object.entries(config.custom?.topics ?? {}).map(([key, topic]) => {
    if (typeof topic.name !== 'string' || !Number.isInteger(topic.partitions) || topic.partitions! < 1) {
      throw new Error(`serverless.yml custom.topics.${key} needs a name and a whole number of partitions`);
    }
    const config = Object.fromEntries(
      Object.entries(topic.config ?? {}).map(([name, value]) => [name, String(value)]),
    );
    return { name: topic.name, partitions: topic.partitions!, config };
  });
  const sesSender = config.custom?.ses?.sender;
  if (typeof sesSender !== 'string' || !sesSender.includes('@')) {
    throw new Error('serverless.yml custom.ses.sender must be an email address');
  }
  const tableProperties = Object.values(config.resources?.Resources ?? {})
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map((resource) => resource.Properties ?? {});
  const tables = tableProperties.map(createTableInput);
  const timeToLive = tableProperties.flatMap((props) => {
    const spec = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: unknown } | undefined;
    if (!spec?.AttributeName || spec.Enabled === false) return [];
    return [{ TableName: String(props.TableName), AttributeName: spec.AttributeName }];
  });
  return { topics, tables, timeToLive, sesSender };
}

/** The CreateTable call that makes the same table CloudFormation would, minus AWS-only settings. */
function createTableInput(props: Record<string, unknown>): CreateTableCommandInput {
  const input: Record<string, unknown> = {
    TableName: props.TableName,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
    BillingMode: props.BillingMode ?? 'PAY_PER_REQUEST',
  };
  if (props.GlobalSecondaryIndexes) input.GlobalSecondaryIndexes = props.GlobalSecondaryIndexes;
  if (typeof input.TableName !== 'string')
    throw new Error('every DynamoDB table in serverless.yml needs a TableName');
  return input as unknown as CreateTableCommandInput;
}

/**
 * `sls print` for a stage, cached by the content of serverless.yml and the environment variables it
 * reads (`${env:NAME}`, e.g. KAFKA_BROKERS): the CLI takes seconds to start, and the answer only changes
 * when one of those does.
 */
export function resolvedServerlessConfig(stage: string): ServerlessConfig {
  const source = fs.readFileSync(path.join(ROOT, 'serverless.yml'));
  const hash = createHash('sha256').update(source).update(stage);
  const variables = new Set([...source.toString('utf8').matchAll(/\$\{env:(\w+)/g)].map((m) => m[1]!));
  for (const name of [...variables].sort()) hash.update(`\0${name}=${process.env[name] ?? ''}`);
  const key = hash.digest('hex').slice(0, 16);
  const cacheFile = path.join(LOCAL_DIR, 'cache', `serverless-${stage}-${key}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as ServerlessConfig;
  const cli = path.join(ROOT, 'node_modules', '.bin', 'sls');
  const printed = run(cli, ['print', '--stage', stage, '--format', 'json'], {
    cwd: ROOT,
    timeoutMs: 120_000,
  });
  const config = JSON.parse(printed.slice(printed.indexOf('{'))) as ServerlessConfig;
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Written aside and renamed: two commands run at once (npm test and the fault suite in CI) never read
  // each other's half-written file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(config));
  fs.renameSync(partial, cacheFile);
  return config;
}
