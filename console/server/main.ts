import { localKafka } from '../../scripts/infra/provision';
import { AWS_ENDPOINT_URL, LOCAL } from '../../scripts/infra/local';
import { resolvedServerlessConfig } from '../../scripts/infra/topology';
import { CapturedEmails, DynamoDbTables } from './aws-source';
import { ConsoleData } from './console';
import { startConsoleServer } from './http';
import { KafkaJsSource } from './kafka-source';
import type { SystemNames } from './sources';
import { webAssets } from './web-assets';

export const CONSOLE_PORT = 9000;

export interface ConsoleOptions {
  /** 0 picks a free port. */
  port?: number;
  brokers?: string;
  awsEndpoint?: string;
  /** Overrides of what serverless.yml names (tests use topics and groups of their own). */
  names?: Partial<SystemNames>;
  intervalMs?: number;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

/**
 * The console against whatever broker and emulator answer (the local ones by default, `KAFKA_BROKERS` and
 * `AWS_ENDPOINT_URL` otherwise), with the topic, group and table names of serverless.yml's local stage.
 */
export async function startConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  const config = resolvedServerlessConfig(LOCAL.stage) as {
    custom: {
      topics: Record<string, { name: string }>;
      consumerGroups: Record<string, string>;
      tables: Record<string, string>;
    };
  };
  const { topics, consumerGroups, tables } = config.custom;
  const names: SystemNames = {
    orderEventsTopic: topics.orderEvents!.name,
    deadLetterTopic: topics.orderEventsDlq!.name,
    notifyGroup: consumerGroups.notify!,
    ...(consumerGroups.analytics ? { analyticsGroup: consumerGroups.analytics } : {}),
    consumerGroups: Object.values(consumerGroups),
    topics: Object.values(topics).map((t) => t.name),
    ...options.names,
  };
  const awsEndpoint = options.awsEndpoint ?? AWS_ENDPOINT_URL;
  const kafka = new KafkaJsSource(localKafka('order-system-console', options.brokers?.split(',')));
  const tableSource = new DynamoDbTables(awsEndpoint, {
    orders: tables.orders!,
    notifications: tables.notifications!,
    analytics: tables.analytics!,
  });
  const data = new ConsoleData(kafka, tableSource, new CapturedEmails(awsEndpoint), names);
  try {
    const server = await startConsoleServer({
      data,
      web: await webAssets(),
      port: options.port ?? CONSOLE_PORT,
      ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    });
    return {
      url: server.url,
      close: async () => {
        await server.close();
        await kafka.close();
        tableSource.close();
      },
    };
  } catch (error) {
    await kafka.close();
    tableSource.close();
    throw error;
  }
}
