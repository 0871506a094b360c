import {
  connectionOptions,
  iamTokenProvider,
  parseScramSecret,
  TOKEN_REFRESH_MARGIN_MS,
} from '../../../../../src/shared/kafka/kafka-connection';

describe('connectionOptions', () => {
  it('connects in plaintext to the local broker', async () => {
    expect(await connectionOptions({ mode: 'none', ssl: false })).toEqual({ ssl: false });
  });

  it('uses SCRAM-SHA-512 over TLS with the credentials of the MSK secret', async () => {
    const readSecret = jest.fn(async () => JSON.stringify({ username: 'orders', password: 's3cret' }));

    const options = await connectionOptions({ mode: 'scram', secretArn: 'arn:secret' }, { readSecret });

    expect(readSecret).toHaveBeenCalledWith('arn:secret');
    expect(options).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'orders', password: 's3cret' },
    });
  });

  it('uses OAUTHBEARER over TLS with tokens signed for the region in IAM mode', async () => {
    const signToken = jest.fn(async () => ({ token: 'signed', expiryTime: Date.now() + 900_000 }));

    const options = await connectionOptions({ mode: 'iam', region: 'eu-west-1' }, { signToken });
    const sasl = options.sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };

    expect(options.ssl).toBe(true);
    expect(sasl.mechanism).toBe('oauthbearer');
    expect(await sasl.oauthBearerProvider()).toEqual({ value: 'signed' });
    expect(signToken).toHaveBeenCalledWith({ region: 'eu-west-1' });
  });
});

describe('iamTokenProvider', () => {
  it('reuses a token while it is fresh and signs a new one before the old one expires', async () => {
    let now = 0;
    let signed = 0;
    const signToken = jest.fn(async () => ({ token: `token-${++signed}`, expiryTime: now + 900_000 }));
    const provide = iamTokenProvider('us-east-1', { signToken, now: () => now });

    const first = await provide();
    now = 900_000 - TOKEN_REFRESH_MARGIN_MS - 1;
    const stillFresh = await provide();
    now = 900_000 - TOKEN_REFRESH_MARGIN_MS + 1;
    const refreshed = await provide();

    expect([first.value, stillFresh.value, refreshed.value]).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('lets a signing failure reach the client, then signs again on the next call', async () => {
    const signToken = jest
      .fn()
      .mockRejectedValueOnce(new Error('no credentials'))
      .mockResolvedValueOnce({ token: 'ok', expiryTime: Date.now() + 900_000 });
    const provide = iamTokenProvider('us-east-1', { signToken });

    await expect(provide()).rejects.toThrow('no credentials');
    expect(await provide()).toEqual({ value: 'ok' });
  });
});

describe('parseScramSecret', () => {
  it('says what is wrong with a malformed secret without echoing it', () => {
    expect(() => parseScramSecret('password=x')).toThrow('not JSON');
    expect(() => parseScramSecret('{"username":"u"}')).toThrow('must hold a username and a password');
  });
});
