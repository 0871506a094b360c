import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';
import { SLS, startProcess, type RunningProcess } from '../support/offline';

/**
 * `serverless offline start` of a fixture service with the warm-pool plugin, as a child process: a burst of
 * concurrent requests runs on at most `maxEnvironments` environments, each running one invocation at a
 * time, and the next burst finds them warm.
 */
const PORTS = { http: 3120, lambda: 3122 };
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'offline-warm-pool-project');

interface Answer {
  environment: string;
  invocations: number;
  overlapped: boolean;
}

let offline: RunningProcess | undefined;

afterEach(async () => {
  await offline?.stop();
  offline = undefined;
});

async function burst(count: number): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`http://localhost:${PORTS.http}/who-am-i`, {
        signal: AbortSignal.timeout(30_000),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Answer;
    }),
  );
}

describe('serverless-offline-warm-pool under serverless offline', () => {
  it('runs a burst on at most maxEnvironments warm environments, one invocation at a time each, and reuses them', async () => {
    offline = startProcess(
      process.execPath,
      [SLS, 'offline', 'start', '--httpPort', String(PORTS.http), '--lambdaPort', String(PORTS.lambda)],
      { cwd: FIXTURE, env: { MAX_ENVIRONMENTS: '3' } },
    );
    await offline.waitFor(/Server ready/, { timeoutMs: 60_000 });
    expect(offline.output()).toMatch(/warm-pool at most 3 warm environments per function, reused/);

    const first = await burst(12);
    const second = await burst(12);

    const environments = new Set([...first, ...second].map((answer) => answer.environment));
    expect(environments.size).toBeLessThanOrEqual(3);
    expect([...first, ...second].some((answer) => answer.overlapped)).toBe(false);
    // Every invocation of the second burst ran in an environment the first burst had warmed up.
    const warmed = new Set(first.map((answer) => answer.environment));
    expect(second.every((answer) => warmed.has(answer.environment))).toBe(true);
    expect(Math.max(...second.map((answer) => answer.invocations))).toBeGreaterThan(4);
  });
});
