import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runServerless, slsInvocation } from '../../scripts/deploy/sls';

describe('an AWS stage missing a parameter', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-system-params-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops before anything is packaged, naming where each missing value is needed', () => {
    const paramsFile = path.join(dir, 'params.yml');
    // The optional values only: the cluster, its network and the sender have no default on purpose.
    fs.writeFileSync(paramsFile, 'emailLanguage: en\ndeletionProtection: false\n');

    const { status, output } = runServerless(
      slsInvocation(['print', '--stage', 'forgetful', '--params', paramsFile]),
      { stdio: 'pipe' },
    );

    expect(status).not.toBe(0);
    // The framework names the place of each unresolved `${param:…}`, not the parameter.
    for (const place of [
      'custom.ses.sender', // sesSender
      'resources.Parameters.MskClusterArn.Default', // mskClusterArn
      'functions.createOrder.environment.KAFKA_BROKERS', // kafkaBrokers
      'custom.networks.msk.subnetIds', // kafkaSubnetIds
      'custom.networks.msk.securityGroupIds', // kafkaSecurityGroupIds
    ]) {
      expect(output).toContain(`Cannot resolve variable at "${place}`);
    }
  });
});
