// The SDK's notice that its 2027 releases need Node 22 is for the README, not every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { parseOptions } from '../command-line';
import { chooseKafkaLayout } from './local';
import { down, reset, status, up } from './manager';

/**
 * `npm run infra:up | infra:status | infra:down | infra:reset [-- --brokers 1|3]`: one Kafka node by default, the
 * cluster with `--brokers 3` or KAFKA_BROKERS_COUNT=3; status follows the cluster once it runs.
 */
const log = (line: string) => console.log(`[infra] ${line}`);

async function main(command: string | undefined, args: string[]): Promise<number> {
  const { brokers } = parseOptions(args, { brokers: { type: 'string' } });
  const layout = await chooseKafkaLayout(brokers);
  switch (command) {
    case 'up': {
      const startedAt = Date.now();
      await up(log, layout);
      const report = await status(layout);
      console.log(report.lines.join('\n'));
      log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return report.ok ? 0 : 1;
    }
    case 'status': {
      const report = await status(layout);
      console.log(report.lines.join('\n'));
      return report.ok ? 0 : 1;
    }
    case 'down':
      await down({ log });
      return 0;
    case 'reset': {
      const startedAt = Date.now();
      await reset(log, layout);
      const report = await status(layout);
      console.log(report.lines.join('\n'));
      log(`fresh and ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return report.ok ? 0 : 1;
    }
    default:
      console.error('usage: tsx scripts/infra/cli.ts up|status|down|reset [--brokers 1|3]');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[infra] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
