import { isEmailLanguage, type EmailLanguage } from '../domain/notification/email-message';
import type { KafkaAuth } from './kafka-connection';

/**
 * The environment, read once per cold start and frozen. Each area has its own reader so a function only
 * needs the variables of what it uses; a missing variable fails at start with its name.
 * No other file reads process.env.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigError(`missing environment variable ${name}`);
  return value.trim();
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === '' ? undefined : value;
}

function once<T extends object>(read: () => T): () => Readonly<T> {
  let value: Readonly<T> | undefined;
  return () => (value ??= Object.freeze(read()));
}

export const awsConfig = once(() => ({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  /** Set locally (MiniStack/LocalStack); unset on AWS, where the SDK finds the regional endpoint. */
  endpoint: optionalEnv('AWS_ENDPOINT_URL'),
}));

/** A whole number of milliseconds, with a default; anything else fails at start with the variable's name. */
function millisecondsEnv(name: string, fallback: number): number {
  const raw = optionalEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive whole number of milliseconds`);
  return value;
}

/** An http(s) URL: `localhost:3000` parses as a URL with scheme "localhost:", and must not pass. */
function httpUrlEnv(name: string): string {
  const value = requireEnv(name);
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL, like http://localhost:3000`);
  return value;
}

// ── user-service ──────────────────────────────────────────────────────────────────────────────────────

export const usersConfig = once(() => ({
  table: requireEnv('USERS_TABLE'),
}));

// ── order-service ─────────────────────────────────────────────────────────────────────────────────────

export const ordersConfig = once(() => ({
  table: requireEnv('ORDERS_TABLE'),
}));

/** Where order events go: only create-order publishes. */
export const orderEventsConfig = once(() => ({
  topic: requireEnv('ORDER_EVENTS_TOPIC'),
  /** Connect + send + acks together; past it the event stays pending with the order. */
  publishTimeoutMs: millisecondsEnv('ORDER_EVENTS_PUBLISH_TIMEOUT_MS', 4000),
}));

/** How order-service reaches user-service. */
export const userServiceConfig = once(() => ({
  /** Base URL the API is served under: locally serverless offline, on AWS this stage's HTTP API. */
  url: httpUrlEnv('USER_SERVICE_URL'),
  timeoutMs: millisecondsEnv('USER_SERVICE_TIMEOUT_MS', 2000),
}));

// ── notification-service ──────────────────────────────────────────────────────────────────────────────

/** notification-service: where notifications are stored (all that its read side needs). */
export const notificationStoreConfig = once(() => ({
  table: requireEnv('NOTIFICATIONS_TABLE'),
}));

/** notification-service: how order events become emails, and where the unusable ones go. */
export const notificationDeliveryConfig = once(() => ({
  sender: requireEnv('SES_SENDER'),
  language: emailLanguage(optionalEnv('EMAIL_LANGUAGE') ?? 'es'),
  deadLetterTopic: requireEnv('ORDER_EVENTS_DLQ_TOPIC'),
}));

function emailLanguage(value: string): EmailLanguage {
  if (!isEmailLanguage(value)) throw new ConfigError(`EMAIL_LANGUAGE must be es or en, got ${value}`);
  return value;
}

export const kafkaConfig = once(() => ({
  brokers: requireEnv('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean),
  clientId: optionalEnv('KAFKA_CLIENT_ID') ?? 'order-system',
  auth: kafkaAuth(),
}));

function kafkaAuth(): KafkaAuth {
  const mode = optionalEnv('KAFKA_AUTH') ?? 'none';
  switch (mode) {
    case 'none':
      return { mode, ssl: optionalEnv('KAFKA_SSL') === 'true' };
    case 'scram':
      return { mode, secretArn: requireEnv('KAFKA_SASL_SECRET_ARN') };
    case 'iam':
      return { mode, region: awsConfig().region };
    default:
      throw new ConfigError(`KAFKA_AUTH must be none, scram or iam, not "${mode}"`);
  }
}
