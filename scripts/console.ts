import { parseOptions, runMain } from './command-line';
import { CONSOLE_PORT, startConsole } from '../console/server/main';
import { chooseKafkaLayout } from './infra/local';

/**
 * `npm run console [-- --port <n>]`: the web console alone, on http://127.0.0.1:9000, against whatever
 * Kafka and AWS emulator answer (`npm run infra:up`, `docker compose up -d`, or `npm run dev`, which
 * serves it itself); the 3-broker cluster when one of its nodes answers. `KAFKA_BROKERS` and
 * `AWS_ENDPOINT_URL` point it elsewhere.
 */
async function main(args: string[]): Promise<number> {
  const { port: portOption } = parseOptions(args, { port: { type: 'string' } });
  const port = portOption === undefined ? CONSOLE_PORT : Number(portOption);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a port number, not ${portOption}`);
  }
  await chooseKafkaLayout();
  const console_ = await startConsole({
    port,
    ...(process.env.KAFKA_BROKERS ? { brokers: process.env.KAFKA_BROKERS } : {}),
    ...(process.env.AWS_ENDPOINT_URL ? { awsEndpoint: process.env.AWS_ENDPOINT_URL } : {}),
  });
  console.log(`[console] ${console_.url}   Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await console_.close();
  return 0;
}

runMain('console', main);
