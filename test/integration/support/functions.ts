import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { LOCAL, ROOT } from '../../../scripts/infra/local';
import { resolvedServerlessConfig } from '../../../scripts/infra/topology';
import { invoke } from '../../support/http-event';
import { functionEnvironment, type WithFunctions } from './function-environment';

export type Handler = (event: never, context: Context) => Promise<unknown>;
type DynamoDbClient = typeof import('../../../src/shared/aws/dynamodb-client');
type KafkaClient = typeof import('../../../src/shared/kafka/kafka-client');

const config = resolvedServerlessConfig(LOCAL.stage) as WithFunctions;

export interface Lambda {
  handler: Handler;
  /** Disconnects what the container connected. */
  close(): Promise<void>;
}

/**
 * A function as a fresh Lambda container: its handler module loaded anew (configuration is read once
 * per container) and run with only the variables serverless.yml gives it, plus `overrides`. A variable
 * missing from serverless.yml fails here as it would on Lambda, not only in production.
 */
export async function coldStart(name: string, overrides: Record<string, string> = {}): Promise<Lambda> {
  const declared = new Set(
    Object.keys(config.functions ?? {}).flatMap((fn) => Object.keys(functionEnvironment(fn))),
  );
  const outer = Object.entries(process.env).filter(([key]) => !declared.has(key));
  const env = { ...Object.fromEntries(outer), ...functionEnvironment(name), ...overrides };
  const modulePath = path.join(ROOT, config.functions![name]!.handler.replace(/\.handler$/, ''));
  let loaded!: Handler;
  let aws!: DynamoDbClient;
  let kafka: KafkaClient | undefined;
  await jest.isolateModulesAsync(async () => {
    ({ handler: loaded } = (await import(modulePath)) as { handler: Handler });
    aws = await import('../../../src/shared/aws/dynamodb-client');
    // Only the functions that talk to Kafka load its client; the others never connect a producer.
    if (env.KAFKA_BROKERS) kafka = await import('../../../src/shared/kafka/kafka-client');
  });
  const handler: Handler = async (event, context) => {
    const saved = process.env;
    process.env = { ...env };
    try {
      return await loaded(event, context);
    } finally {
      process.env = saved;
    }
  };
  const close = async () => {
    if (kafka) {
      // A producer still trying an unreachable broker is let fail before leaving.
      await kafka
        .connectedProducer()
        .then((producer) => producer.disconnect())
        .catch(() => undefined);
    }
    aws.dynamoDb().destroy();
  };
  return { handler, close };
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves Lambda handlers over real HTTP on an ephemeral port, the way API Gateway would: each request
 * becomes a v2 event for the route it matches ("GET /api/users/{id}"), each answer an HTTP response.
 */
export async function serveHandlers(routes: Record<string, Handler>): Promise<Server> {
  const matchers = Object.entries(routes).map(([routeKey, handler]) => {
    const [method, template] = routeKey.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { routeKey, method, regex: new RegExp(`^${pattern}$`), names, handler };
  });
  return listen(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = matchers.find((m) => m.method === request.method && m.regex.test(path));
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    const values = route.regex.exec(path)!.slice(1);
    const { result } = await invoke(route.handler, {
      routeKey: route.routeKey,
      path,
      method: request.method!,
      pathParameters: Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(values[i]!)]),
      ),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
    });
    response.writeHead(result.statusCode ?? 200, result.headers as http.OutgoingHttpHeaders).end(result.body);
  });
}

/** A server that accepts connections and never answers: a user-service that hangs. */
export function serveNothing(): Promise<Server> {
  return listen(() => undefined);
}

/** A URL nothing listens on: a user-service that is down. */
export async function closedUrl(): Promise<string> {
  const server = await listen(() => undefined);
  await server.close();
  return server.url;
}

async function listen(onRequest: http.RequestListener): Promise<Server> {
  const server = http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
