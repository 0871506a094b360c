import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_PROJECT, fixtureConfig, recordMskMappingId, SLS, startProcess } from '../support/offline';

/**
 * The plugin is for `serverless offline` only: packaging for AWS must produce the same CloudFormation with
 * or without it, whatever its local settings say.
 */
type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

async function packageFixture(config: string, outDir: string): Promise<Template> {
  const run = startProcess(
    process.execPath,
    [SLS, 'package', '--stage', 'prod', '--config', config, '--package', outDir],
    {
      cwd: FIXTURE_PROJECT,
      env: {
        RECORD_DIR: os.tmpdir(),
        MSK_TOPIC: 'orders',
        MSK_GROUP: 'notifications',
      },
    },
  );
  const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
  if (code !== 0) throw new Error(`sls package failed:\n${run.output()}`);
  return JSON.parse(
    fs.readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}

/**
 * The artifact's S3 key carries the packaging time, its hash the zip's bytes; neither is configuration.
 * Compared as objects: the order in which the CLI adds resources varies from run to run.
 */
function comparable(template: Template): unknown {
  const normalized = JSON.stringify(template, (key, value: unknown) =>
    key === 'S3Key' || key === 'CodeSha256' ? 'artifact' : value,
  );
  return JSON.parse(normalized.replace(/LambdaVersion\w+/g, 'LambdaVersion')) as unknown;
}

describe('serverless-offline-kafka and sls package', () => {
  const id = randomUUID().slice(0, 8);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-kafka-package-'));
  const withoutPlugin = `serverless.without-plugin-${id}.yml`;
  // The mapping settings the plugin reads, where the deploy reads them.
  const withMapping = fixtureConfig('orders', {
    MaximumBatchingWindowInSeconds: 0,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    MaximumRetryAttempts: 3,
    DestinationConfig: { OnFailure: { Destination: 'kafka://orders.dlq' } },
  });
  afterAll(() => {
    fs.rmSync(path.join(FIXTURE_PROJECT, withoutPlugin), { force: true });
    fs.rmSync(withMapping, { force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('packages the same CloudFormation template as without the plugin, extensions and all', async () => {
    const config = fs.readFileSync(withMapping, 'utf8');
    const stripped = config.replace(/^ {4}- serverless-offline-kafka\/dev\n/m, '');
    expect(stripped).not.toBe(config);
    fs.writeFileSync(path.join(FIXTURE_PROJECT, withoutPlugin), stripped);

    // One after the other: both use the service's .serverless folder while packaging.
    const withIt = await packageFixture(path.basename(withMapping), path.join(out, 'with'));
    const without = await packageFixture(withoutPlugin, path.join(out, 'without'));

    expect(comparable(withIt)).toEqual(comparable(without));
    const mappings = Object.values(withIt.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping',
    );
    expect(mappings.flatMap((m) => m.Properties?.Topics as string[]).sort()).toEqual([
      'orders',
      'unused',
      'unused',
    ]);
    expect(withIt.Resources[recordMskMappingId('orders')]!.Properties).toMatchObject({
      MaximumBatchingWindowInSeconds: 0,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: 'kafka://orders.dlq' } },
    });
  });
});
