/**
 * The structured JSON logger of every function: Powertools' Logger, one per handler. Each line carries
 * `level`, `message`, `timestamp`, `service` and `handler`, and (once `injectLambdaContext` runs) the
 * Lambda context: `function_request_id`, `function_name`, `cold_start`, … Errors, also nested in fields,
 * are printed with name, message, stack and cause; a field named like one of those keys is dropped with a
 * warning instead of replacing it.
 *
 * The level comes from the environment: `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`), INFO by default; Lambda's
 * own log-level setting (`AWS_LAMBDA_LOG_LEVEL`) wins when the function has one.
 *
 * Short lowercase messages plus keys: `logger.info('order created', { orderId })`. Log ids and outcomes,
 * never email bodies or other personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export type { Logger };

/** The logger of one handler of one service. */
export function createLogger(service: string, handler: string): Logger {
  return new Logger({ serviceName: service, persistentKeys: { handler } });
}
