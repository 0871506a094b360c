import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';
import { SLS, startProcess } from '../support/offline';

/**
 * `serverless offline start` of a fixture service, as a child process: the plugin runs the rate schedule
 * at its local rate through offline's Lambda API, leaves the cron one to offline, and stops cleanly.
 */
const PORTS = { http: 3400, lambda: 3402 };
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'offline-schedule-project');

describe('serverless-offline-schedule under serverless offline start', () => {
  it('invokes the function at the local rate with a scheduled event, one line per run, and stops on Ctrl-C', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-schedule-'));
    const offline = startProcess(
      process.execPath,
      [SLS, 'offline', 'start', '--httpPort', String(PORTS.http), '--lambdaPort', String(PORTS.lambda)],
      { cwd: FIXTURE, env: { RECORD_DIR: dir } },
    );
    try {
      await offline.waitFor(/(schedule tick \d+ ms ok[\s\S]*){3}/, { timeoutMs: 60_000 });

      const code = await offline.stop();

      const invocations = fs
        .readFileSync(path.join(dir, 'invocations.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { functionName: string; event: Record<string, unknown> });
      expect(invocations.length).toBeGreaterThanOrEqual(3);
      for (const { functionName, event } of invocations) {
        expect(functionName).toBe('offline-schedule-fixture-test-tick');
        expect(event).toEqual({
          version: '0',
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: '000000000000',
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          region: 'eu-west-1',
          resources: ['arn:aws:events:eu-west-1:000000000000:rule/offline-schedule-fixture-test-tick-rule-1'],
          detail: {},
        });
      }
      // Scheduled times one period apart (or a whole number of them, when a slow run made it skip).
      const times = invocations.map(({ event }) => Date.parse(event.time as string));
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        expect(gap > 0 && gap % 1000 === 0).toBe(true);
      }
      const output = offline.output();
      expect(output).toContain(
        'schedule tick rate(1 minute) on AWS, rate(1 second) here (custom.serverless-offline-schedule): every 1 s',
      );
      expect(output).toContain(
        'schedule nightly cron(0 3 * * ? *): a cron expression: serverless-offline runs it',
      );
      // serverless-offline schedules the cron itself, and not the rate this plugin took over.
      expect(output).toMatch(/Scheduling \[nightly\] cron/);
      expect(output).not.toMatch(/Scheduling \[tick\]/);
      expect(output).toContain('schedule runs stopped');
      expect(code).toBe(0);
    } finally {
      await offline.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
