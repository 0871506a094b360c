import { serverlessEnv, slsInvocation } from '../../../../scripts/deploy/sls';

describe('sls:aws', () => {
  it('takes the parameters file of the stage unless told another, and passes everything else on', () => {
    expect(slsInvocation(['deploy', '--stage', 'prod', '--verbose'])).toEqual({
      args: ['deploy', '--stage', 'prod', '--verbose'],
      stage: 'prod',
      paramsFile: 'deploy/params.prod.yml',
    });
    expect(slsInvocation(['package', '--stage=dev', '--params', 'deploy/params.example.yml'])).toEqual({
      args: ['package', '--stage=dev'],
      stage: 'dev',
      paramsFile: 'deploy/params.example.yml',
    });
    expect(slsInvocation(['logs', '-f', 'notify', '-s', 'prod', '--params=x.yml']).paramsFile).toBe('x.yml');
  });

  it('refuses the local stage, a missing stage and a missing command', () => {
    expect(() => slsInvocation(['deploy', '--stage', 'local'])).toThrow('the local stage is not deployed');
    expect(() => slsInvocation(['deploy'])).toThrow('--stage <stage>');
    expect(() => slsInvocation(['--stage', 'prod'])).toThrow('name the Serverless command first');
  });

  it('packages without any AWS credentials of the shell, and deploys with them', () => {
    const shell = {
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_PROFILE: 'p',
      AWS_REGION: 'eu-west-1',
    };

    const packaging = serverlessEnv('package', shell);

    expect(packaging).toEqual({
      PATH: '/bin',
      AWS_REGION: 'eu-west-1',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(serverlessEnv('deploy', shell)).toBe(shell);
  });
});
