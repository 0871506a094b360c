describe('kafkaConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  const load = async (env: Record<string, string>) => {
    process.env = { ...saved, KAFKA_BROKERS: 'b-1:9098, b-2:9098', AWS_REGION: 'eu-west-1', ...env };
    const { kafkaConfig } = await import('../../../../../src/shared/kafka/kafka.config');
    return kafkaConfig();
  };

  it('defaults to plaintext and splits the broker list', async () => {
    expect(await load({})).toMatchObject({
      brokers: ['b-1:9098', 'b-2:9098'],
      auth: { mode: 'none', ssl: false },
    });
  });

  it('selects IAM with the function region, and SCRAM with its secret', async () => {
    expect((await load({ KAFKA_AUTH: 'iam' })).auth).toEqual({ mode: 'iam', region: 'eu-west-1' });
    jest.resetModules();
    expect((await load({ KAFKA_AUTH: 'scram', KAFKA_SASL_SECRET_ARN: 'arn:x' })).auth).toEqual({
      mode: 'scram',
      secretArn: 'arn:x',
    });
  });

  it('fails at start naming the variable that is missing or wrong', async () => {
    await expect(load({ KAFKA_AUTH: 'scram' })).rejects.toThrow(
      'missing environment variable KAFKA_SASL_SECRET_ARN',
    );
    jest.resetModules();
    await expect(load({ KAFKA_AUTH: 'kerberos' })).rejects.toThrow('KAFKA_AUTH must be none, scram or iam');
  });
});
