import path from 'node:path';
import { ROOT } from '../../../../scripts/infra/local';
import { paramArgs, readStageParams, stageParams } from '../../../../scripts/deploy/params';

describe('stage parameters', () => {
  it('turns a parameters file into one --param per value, lists joined by commas', () => {
    const params = stageParams(
      {
        sesSender: 'no-reply@orders.example.com',
        kafkaSubnetIds: ['subnet-1', 'subnet-2'],
        deletionProtection: false,
      },
      'params.yml',
    );

    expect(paramArgs(params)).toEqual([
      '--param=sesSender=no-reply@orders.example.com',
      '--param=kafkaSubnetIds=subnet-1,subnet-2',
      '--param=deletionProtection=false',
    ]);
  });

  it('names what is wrong in a bad file', () => {
    expect(() => stageParams(['a'], 'p.yml')).toThrow('p.yml must be a map of parameter names to values');
    expect(() => stageParams({ 'bad name': 'x' }, 'p.yml')).toThrow(
      'p.yml: "bad name" is not a parameter name',
    );
    expect(() => stageParams({ sesSender: '' }, 'p.yml')).toThrow(
      'p.yml: sesSender must be a value or a list',
    );
    expect(() => stageParams({ kafkaSubnetIds: [] }, 'p.yml')).toThrow(
      'kafkaSubnetIds must be a value or a list',
    );
    expect(() => stageParams({ vpc: { id: 'x' } }, 'p.yml')).toThrow('vpc must be a value or a list');
  });

  it('says how to make a missing file', () => {
    expect(() => readStageParams(path.join(ROOT, 'deploy', 'params.nowhere.yml'))).toThrow(
      'copy deploy/params.example.yml',
    );
  });

  it('reads the committed example', () => {
    const example = readStageParams(path.join(ROOT, 'deploy', 'params.example.yml'));

    expect(Object.keys(example).sort()).toEqual([
      'deletionProtection',
      'emailLanguage',
      'kafkaBrokers',
      'kafkaSecurityGroupIds',
      'kafkaSubnetIds',
      'mskClusterArn',
      'sesIdentity',
      'sesSender',
    ]);
    // Example values only: the account AWS documents for examples, and reserved example domains.
    expect(example.mskClusterArn).toContain(':123456789012:');
    expect(example.sesSender).toMatch(/@[\w.-]+\.example\.com$/);
  });
});
