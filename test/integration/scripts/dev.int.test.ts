/**
 * `npm run dev` on ports of its own (3000/3002 belong to whoever runs the system): it comes up on the
 * running infrastructure, says where to look, and Ctrl-C leaves no process behind.
 */

import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';
import { isPortOpen } from '../../../scripts/infra/processes';
import { isolatedConfig } from '../support/isolated-config';
import { startProcess } from '../support/offline';
import { createTopic } from '../support/topics';

const PORTS = ['--httpPort', '3300', '--lambdaPort', '3302'];

/** Processes whose command line mentions `needle` (Linux /proc). */
function processesMentioning(needle: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return fs.readFileSync(path.join('/proc', pid, 'cmdline'), 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('npm run dev', () => {
  it('starts serverless offline with the Kafka event sources and the outbox relay, prints the URLs, and stops cleanly on Ctrl-C', async () => {
    const config = isolatedConfig(await createTopic('dev-test'), 'dev-test');
    const dev = startProcess(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/dev.ts', '--config', config, ...PORTS],
      // A console of its own on a free port: 9000 belongs to whoever runs the system.
      { cwd: ROOT, env: { CONSOLE_PORT: '0' } },
    );
    try {
      // Generous: esbuild and offline start slowly on a busy 2-core machine.
      await dev.waitFor(/\[dev\] ready in [\d.]+ s/, { timeoutMs: 150_000 });
      // The outbox relay runs on its local schedule with no command of its own.
      await dev.waitFor(/schedule outboxRelay \d+ ms ok/, { timeoutMs: 60_000 });
      const running = processesMentioning('--lambdaPort\u00003302');

      const code = await dev.stop();

      expect(dev.output()).toMatch(/kafka 2 event sources started/);
      expect(dev.output()).toMatch(/schedule outboxRelay rate\(1 minute\) on AWS, rate\(5 seconds\) here/);
      expect(dev.output()).toMatch(/"message":"outbox relay run".*"published":\d+.*"stillFailing":\d+/);
      expect(dev.output()).toMatch(/API\s+http:\/\/localhost:3300/);
      expect(dev.output()).toMatch(/Console\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(dev.output()).toMatch(/npm run emails/);
      expect(dev.output()).toMatch(/npm run lag/);
      expect(running.length).toBeGreaterThan(0);
      expect(code).toBe(0);
      expect(processesMentioning('--lambdaPort\u00003302')).toEqual([]);
      expect(await isPortOpen(3302)).toBe(false);
      expect(await isPortOpen(3300)).toBe(false);
    } finally {
      await dev.stop();
      fs.rmSync(path.join(ROOT, config), { force: true });
    }
  }, 260_000);
});
