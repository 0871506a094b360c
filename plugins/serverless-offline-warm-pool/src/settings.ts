/**
 * `custom.serverless-offline-warm-pool` of serverless.yml:
 *
 * ```yaml
 * custom:
 *   serverless-offline-warm-pool:
 *     maxEnvironments: 4          # per function; default 4
 *     functions:
 *       createOrder: { maxEnvironments: 8 }
 * ```
 */
export const CUSTOM_KEY = 'serverless-offline-warm-pool';
export const DEFAULT_MAX_ENVIRONMENTS = 4;
const MAX = 1000;

export interface PoolSettings {
  limitFor(functionKey: string): number;
  describe(): string;
}

export class WarmPoolConfigError extends Error {
  constructor(message: string) {
    super(`${CUSTOM_KEY}: ${message}`);
    this.name = 'WarmPoolConfigError';
  }
}

/** @throws WarmPoolConfigError naming the setting that is wrong. */
export function poolSettings(custom: Record<string, unknown> | undefined): PoolSettings {
  const section = objectAt(custom?.[CUSTOM_KEY], CUSTOM_KEY) ?? {};
  const fallback = count(section.maxEnvironments, 'maxEnvironments') ?? DEFAULT_MAX_ENVIRONMENTS;
  const perFunction = new Map<string, number>();
  for (const [functionKey, value] of Object.entries(objectAt(section.functions, 'functions') ?? {})) {
    const name = `functions.${functionKey}.maxEnvironments`;
    const limit = count(objectAt(value, `functions.${functionKey}`)?.maxEnvironments, name);
    if (limit !== undefined) perFunction.set(functionKey, limit);
  }
  return {
    limitFor: (functionKey) => perFunction.get(functionKey) ?? fallback,
    describe: () =>
      [String(fallback), ...[...perFunction].map(([functionKey, limit]) => `${functionKey} ${limit}`)].join(
        ', ',
      ),
  };
}

function objectAt(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new WarmPoolConfigError(`${name} must be a map`);
  return value as Record<string, unknown>;
}

function count(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > MAX)
    throw new WarmPoolConfigError(`${name} must be a whole number from 1 to ${MAX}, not ${String(value)}`);
  return number;
}
