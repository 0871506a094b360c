// The SDK's notice that its 2027 releases need Node 22 is for the README, not every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { down, reset, status, up } from './manager';

/** `npm run infra:up | infra:status | infra:down | infra:reset` */
const log = (line: string) => console.log(`[infra] ${line}`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const startedAt = Date.now();
      await up(log);
      const report = await status();
      console.log(report.lines.join('\n'));
      log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return report.ok ? 0 : 1;
    }
    case 'status': {
      const report = await status();
      console.log(report.lines.join('\n'));
      return report.ok ? 0 : 1;
    }
    case 'down':
      await down({ log });
      return 0;
    case 'reset': {
      const startedAt = Date.now();
      await reset(log);
      const report = await status();
      console.log(report.lines.join('\n'));
      log(`fresh and ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return report.ok ? 0 : 1;
    }
    default:
      console.error('usage: tsx scripts/infra/cli.ts up|status|down|reset');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[infra] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
