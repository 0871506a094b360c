/**
 * Invokes a function through serverless-offline's own Lambda API (the endpoint the AWS SDK uses locally),
 * so the handler runs exactly as offline runs it for HTTP events: same runner, environment, timeout and
 * reload on rebuild.
 */
export type InvokeResult = { ok: true } | { ok: false; message: string };

export type Invoke = (functionName: string, event: unknown, timeoutMs: number) => Promise<InvokeResult>;

export function offlineInvoker(baseUrl: string): Invoke {
  return async (functionName, event, timeoutMs) => {
    const url = `${baseUrl}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await response.text();
      if (response.status !== 200) return { ok: false, message: `${url} answered ${response.status}` };
      if (response.headers.get('x-amz-function-error')) return { ok: false, message: errorOf(body) };
      return { ok: true };
    } catch (error) {
      // AbortSignal.timeout rejects with a DOMException, which is not an Error in every realm.
      if ((error as { name?: unknown } | null)?.name === 'TimeoutError')
        return { ok: false, message: `no answer within ${timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      return {
        ok: false,
        message: `${url}: ${error instanceof Error ? error.message : String(error)}${cause}`,
      };
    }
  };
}

function errorOf(body: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(body) as { errorType?: string; errorMessage?: string };
    return brief(`${errorType ?? 'Error'}: ${errorMessage ?? ''}`);
  } catch {
    return brief(body);
  }
}

function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
