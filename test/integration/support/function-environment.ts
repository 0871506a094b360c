import { LOCAL } from '../../../scripts/infra/local';
import { resolvedServerlessConfig } from '../../../scripts/infra/topology';

interface WithFunctions {
  provider?: { environment?: Record<string, string> };
  functions?: Record<string, { environment?: Record<string, string> }>;
}

/**
 * Gives this process the environment serverless.yml gives `name` on the local stage, so tests run a
 * handler configured exactly as `serverless offline` would. Variables already set win.
 */
export function useFunctionEnvironment(name: string): void {
  const config = resolvedServerlessConfig(LOCAL.stage) as WithFunctions;
  const fn = config.functions?.[name];
  if (!fn) throw new Error(`serverless.yml has no function ${name}`);
  for (const [key, value] of Object.entries({ ...config.provider?.environment, ...fn.environment })) {
    process.env[key] ??= value;
  }
}
