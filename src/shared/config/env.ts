/**
 * Reading the environment: each service's `<service>.config.ts` builds one frozen object per cold start
 * from these helpers; a missing or malformed variable fails at start with its name.
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

/** A configuration reader: `read` runs on first use, and its result is frozen and kept. */
export function once<T extends object>(read: () => T): () => Readonly<T> {
  let value: Readonly<T> | undefined;
  return () => (value ??= Object.freeze(read()));
}

/** A whole number of milliseconds, with a default; anything else fails at start with the variable's name. */
export function millisecondsEnv(name: string, fallback: number): number {
  const raw = optionalEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive whole number of milliseconds`);
  return value;
}

/** An http(s) URL: `localhost:3000` parses as a URL with scheme "localhost:", and must not pass. */
export function httpUrlEnv(name: string): string {
  const value = requireEnv(name);
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL, like http://localhost:3000`);
  return value;
}
