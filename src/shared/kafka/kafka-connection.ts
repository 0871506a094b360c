import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { generateAuthToken, type GenerateAuthTokenResponse } from 'aws-msk-iam-sasl-signer-js';
import type { KafkaConfig, OauthbearerProviderResponse } from 'kafkajs';

/**
 * How clients authenticate to the brokers, chosen by configuration (KAFKA_AUTH):
 * - `none`: plaintext, the local broker;
 * - `scram`: SASL/SCRAM-SHA-512 over TLS, credentials from the MSK Secrets Manager secret;
 * - `iam`: MSK IAM (SASL/OAUTHBEARER over TLS) with tokens signed from the function's role.
 */
export type KafkaAuth =
  { mode: 'none'; ssl: boolean } | { mode: 'scram'; secretArn: string } | { mode: 'iam'; region: string };

export type ConnectionOptions = Pick<KafkaConfig, 'ssl' | 'sasl'>;

export interface ConnectionDeps {
  signToken?: (options: { region: string }) => Promise<GenerateAuthTokenResponse>;
  readSecret?: (arn: string) => Promise<string>;
  now?: () => number;
}

export async function connectionOptions(
  auth: KafkaAuth,
  deps: ConnectionDeps = {},
): Promise<ConnectionOptions> {
  switch (auth.mode) {
    case 'none':
      return { ssl: auth.ssl };
    case 'scram': {
      const { username, password } = parseScramSecret(await (deps.readSecret ?? readSecret)(auth.secretArn));
      return { ssl: true, sasl: { mechanism: 'scram-sha-512', username, password } };
    }
    case 'iam':
      return {
        ssl: true,
        sasl: { mechanism: 'oauthbearer', oauthBearerProvider: iamTokenProvider(auth.region, deps) },
      };
  }
}

/** Signed tokens live 15 minutes at most: hand one out until a minute before it expires, then sign anew. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * kafkajs asks for a token on every new connection and before each re-authentication (when the broker's
 * session nears its end); a stale token would break long-lived containers, so expiry is always checked.
 */
export function iamTokenProvider(
  region: string,
  deps: ConnectionDeps = {},
): () => Promise<OauthbearerProviderResponse> {
  const sign = deps.signToken ?? generateAuthToken;
  const now = deps.now ?? Date.now;
  let current: GenerateAuthTokenResponse | undefined;
  return async () => {
    if (!current || current.expiryTime - now() < TOKEN_REFRESH_MARGIN_MS) current = await sign({ region });
    return { value: current.token };
  };
}

/** MSK SCRAM secrets hold `{"username": …, "password": …}`. */
export function parseScramSecret(secret: string): { username: string; password: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new Error('the Kafka SCRAM secret is not JSON with username and password');
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    throw new Error('the Kafka SCRAM secret must hold a username and a password');
  }
  return { username, password };
}

async function readSecret(arn: string): Promise<string> {
  const client = new SecretsManagerClient({ maxAttempts: 3 });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }), {
      abortSignal: AbortSignal.timeout(5000),
    });
    if (!SecretString) throw new Error(`secret ${arn} has no string value`);
    return SecretString;
  } finally {
    client.destroy();
  }
}
