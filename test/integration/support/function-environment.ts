import { LOCAL } from '../../../scripts/infra/local';
import { resolvedServerlessConfig } from '../../../scripts/infra/topology';

export interface WithFunctions {
  provider?: { environment?: Record<string, string> | null };
  functions?: Record<string, { handler: string; environment?: Record<string, string> | null }>;
}

/** The environment serverless.yml gives `name` on the local stage: the provider's, then the function's. */
export function functionEnvironment(name: string): Record<string, string> {
  const config = resolvedServerlessConfig(LOCAL.stage) as WithFunctions;
  const fn = config.functions?.[name];
  if (!fn) throw new Error(`serverless.yml has no function ${name}`);
  return { ...config.provider?.environment, ...fn.environment };
}

/**
 * Gives this process the environment serverless.yml gives `name` on the local stage, so tests run a
 * handler configured exactly as `serverless offline` would. Variables already set win.
 */
export function useFunctionEnvironment(name: string): void {
  for (const [key, value] of Object.entries(functionEnvironment(name))) process.env[key] ??= value;
}
