/**
 * Invokes a function through serverless-offline's own Lambda API (the endpoint the AWS SDK uses locally),
 * so the handler runs exactly as offline runs it for HTTP events: same runner, environment, timeout and
 * reload on rebuild.
 */
export type InvokeResult =
  /** The handler returned: `payload` is what it returned (parsed JSON), undefined when it returned nothing. */
  | { ok: true; payload: unknown }
  /** The handler threw, returned an error or timed out: counts as a failed attempt. */
  | { ok: false; kind: 'function-error'; message: string }
  /** The local Lambda service could not run it (not listening, unknown function): retried, not counted. */
  | { ok: false; kind: 'unavailable'; message: string };

export type Invoke = (functionName: string, event: unknown, timeoutMs: number) => Promise<InvokeResult>;

export function offlineInvoker(baseUrl: string): Invoke {
  return async (functionName, event, timeoutMs) => {
    const url = `${baseUrl}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      // AbortSignal.timeout rejects with a DOMException, which is not an Error in every realm.
      if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
        return { ok: false, kind: 'function-error', message: `no answer within ${timeoutMs} ms` };
      }
      return { ok: false, kind: 'unavailable', message: `${url}: ${describe(error)}` };
    }
    if (response.status !== 200) {
      return {
        ok: false,
        kind: 'unavailable',
        message: `${url} answered ${response.status}: ${brief(body)}`,
      };
    }
    if (response.headers.get('x-amz-function-error')) {
      return { ok: false, kind: 'function-error', message: functionErrorMessage(body) };
    }
    return { ok: true, payload: parsePayload(body) };
  };
}

function parsePayload(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function functionErrorMessage(body: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(body) as { errorType?: string; errorMessage?: string };
    return brief(`${errorType ?? 'Error'}: ${errorMessage ?? ''}`);
  } catch {
    return brief(body);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
