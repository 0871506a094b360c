import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { frameworkNaming } from '../../../plugins/serverless-offline-kafka/src/config';
import { ROOT } from '../../../scripts/infra/local';
import { SLS, startProcess, type RunningProcess } from '../support/offline';
import { createTopic, produce } from '../support/topics';
import { eventually } from '../support/wait';

/**
 * The package `npm pack` makes of the plugin, installed into a scratch serverless project the way a user
 * installs it (from the tarball, no registry: the project's other packages are this repository's), runs
 * a Kafka-triggered function from its compiled JavaScript.
 */
const PLUGIN = path.join(ROOT, 'plugins', 'serverless-offline-kafka');
const PORTS = { http: 3400, lambda: 3402 };

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const child = startProcess(command, args, { cwd });
  const code = await new Promise<number | null>((resolve) => child.child.once('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${child.output()}`);
  return child.output();
}

describe('the packed serverless-offline-kafka', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-kafka-pack-'));
  let offline: RunningProcess | undefined;
  afterAll(async () => {
    await offline?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs from its tarball into another project and runs a Kafka-triggered function there', async () => {
    const packs = path.join(work, 'packs');
    fs.mkdirSync(packs);
    await run('npm', ['pack', '--pack-destination', packs, '--silent'], PLUGIN);
    const [tarball] = fs.readdirSync(packs);
    expect(tarball).toMatch(/^serverless-offline-kafka-\d+\.\d+\.\d+\.tgz$/);

    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
    // Offline: the tarball needs nothing from a registry; its peer, serverless-offline, is linked below.
    await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', path.join(packs, tarball!)],
      project,
    );
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', 'serverless-offline'),
      path.join(project, 'node_modules', 'serverless-offline'),
    );
    const installed = path.join(project, 'node_modules', 'serverless-offline-kafka');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      main: string;
      dependencies?: object;
      peerDependencies: Record<string, string>;
    };

    expect(manifest).toMatchObject({
      main: 'dist/index.js',
      peerDependencies: { 'serverless-offline': '>=13' },
    });
    expect(manifest.dependencies).toBeUndefined();
    expect(fs.readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json']);
    expect(fs.readFileSync(path.join(installed, 'dist', 'index.js'), 'utf8')).not.toMatch(/require\("tsx/);

    const topic = await createTopic('offline-kafka-pack');
    const received = path.join(work, 'received.jsonl');
    fs.writeFileSync(
      path.join(project, 'handler.js'),
      [
        "'use strict';",
        "const fs = require('node:fs');",
        'exports.consume = async (event) => {',
        '  fs.appendFileSync(process.env.RECEIVED, JSON.stringify(event) + "\\n");',
        '};',
        '',
      ].join('\n'),
    );
    const arn = 'arn:aws:kafka:eu-west-1:123456789012:cluster/scratch/0000-1';
    fs.writeFileSync(
      path.join(project, 'serverless.yml'),
      stringify({
        service: 'scratch',
        frameworkVersion: '4',
        plugins: ['serverless-offline-kafka', 'serverless-offline'],
        provider: {
          name: 'aws',
          runtime: 'nodejs22.x',
          stage: 'dev',
          region: 'eu-west-1',
          timeout: 5,
          environment: { RECEIVED: received },
        },
        custom: { 'serverless-offline-kafka': { brokers: 'localhost:9092' } },
        functions: {
          consume: {
            handler: 'handler.consume',
            events: [
              {
                msk: {
                  arn,
                  topic,
                  consumerGroupId: `pack-${randomUUID().slice(0, 8)}`,
                  provisionedPollerConfig: { minimumPollers: 1 },
                },
              },
            ],
          },
        },
        resources: {
          extensions: {
            [frameworkNaming.getMSKEventLogicalId('consume', 'scratch', topic)]: {
              Properties: { MaximumBatchingWindowInSeconds: 0 },
            },
          },
        },
      }),
    );

    offline = startProcess(
      process.execPath,
      [SLS, 'offline', 'start', '--httpPort', String(PORTS.http), '--lambdaPort', String(PORTS.lambda)],
      { cwd: project },
    );
    await offline.waitFor(/kafka consume joined group/, { timeoutMs: 60_000 });
    await produce(topic, [{ key: 'k', value: '{"hello":"kafka"}', partition: 1 }]);
    const event = await eventually('the function to receive the record', async () =>
      fs.existsSync(received)
        ? (JSON.parse(fs.readFileSync(received, 'utf8').split('\n')[0]!) as {
            eventSource: string;
            eventSourceArn: string;
            records: Record<string, Array<{ value: string }>>;
          })
        : undefined,
    );

    expect(offline.output()).toMatch(
      /kafka consume ← \S+ on localhost:9092 \(group \S+, batch 100, window 0 ms/,
    );
    expect(event).toMatchObject({ eventSource: 'aws:kafka', eventSourceArn: arn });
    expect(Buffer.from(event.records[`${topic}-1`]![0]!.value, 'base64').toString()).toBe(
      '{"hello":"kafka"}',
    );
    expect(await offline.stop()).toBe(0);
  });
});
