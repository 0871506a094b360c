/**
 * Whether an AWS SDK failure is one that can pass (throttling, a timeout, a 5xx, a dropped connection),
 * as opposed to a request that will never succeed (a missing table, a malformed request).
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $retryable, $metadata } = error as {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if ($retryable) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  const code = (error as { code?: unknown }).code;
  return TRANSIENT_NAMES.has(error.name) || (typeof code === 'string' && NETWORK_CODES.has(code));
}

const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
