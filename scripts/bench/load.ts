import autocannon from 'autocannon';

/**
 * A closed-loop load of `POST <path>` with autocannon: `concurrency` connections, each sending its next
 * request when the previous one answered, `count` requests in all, every body its own order (customers
 * taken in turn, a unique description). Each answer is kept: status, latency, when it was sent, the order
 * id, the error code, and the stage timings the function reported in its Server-Timing header.
 */
export interface Customer {
  id: string;
  email: string;
}

export interface OrderSample {
  status: number;
  latencyMs: number;
  /** Epoch milliseconds (fractional) when the request was written. */
  sentAt: number;
  customerId: string;
  orderId?: string;
  /** `error.code` of a 4xx/5xx body. */
  errorCode?: string;
  /** Server-Timing entries in milliseconds, e.g. `{ user: 3.1, store: 2.4, … }`. */
  stages: Record<string, number>;
}

export interface LoadResult {
  samples: OrderSample[];
  durationS: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  timeouts: number;
}

export interface LoadOptions {
  api: string;
  path: string;
  customers: readonly Customer[];
  concurrency: number;
  count: number;
  label: string;
  /** Seconds before a request with no answer counts as a timeout; long, so a slow answer still counts. */
  timeoutS?: number;
}

export async function placeOrders(options: LoadOptions): Promise<LoadResult> {
  if (options.customers.length === 0) throw new Error('no customers to place orders for');
  let sequence = 0;
  let answered: Omit<OrderSample, 'latencyMs' | 'sentAt'> | undefined;
  const samples: OrderSample[] = [];
  let finish: (error: Error | null, result?: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) =>
      error || !result ? reject(error ?? new Error('no result')) : resolve(result);
  });
  const instance = autocannon(
    {
      url: new URL(options.path, options.api).href,
      connections: options.concurrency,
      amount: options.count,
      timeout: options.timeoutS ?? 60,
      pipelining: 1,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request, context) => {
            const customer = options.customers[sequence % options.customers.length]!;
            sequence += 1;
            Object.assign(context, { customerId: customer.id });
            return {
              ...request,
              body: JSON.stringify({
                userId: customer.id,
                totalAmount: (10 + (sequence % 90) + 0.99).toFixed(2),
                description: `${options.label} order ${sequence}`,
              }),
            };
          },
          // Called just before the instance's 'response' event for the same answer, on the same client.
          onResponse: (status, body, context, headers) => {
            answered = {
              status,
              customerId: (context as { customerId: string }).customerId,
              ...parseBody(status, body),
              stages: serverTiming(headerValue(headers, 'server-timing')),
            };
          },
        },
      ],
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (!answered) return;
    const now = performance.timeOrigin + performance.now();
    samples.push({ ...answered, latencyMs: responseTime, sentAt: now - responseTime });
    answered = undefined;
  });
  const result = await done;
  return { samples, durationS: result.duration, errors: result.errors, timeouts: result.timeouts };
}

function parseBody(status: number, body: string): { orderId?: string; errorCode?: string } {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; error?: { code?: unknown } };
    if (status < 300 && typeof parsed.id === 'string') return { orderId: parsed.id };
    if (typeof parsed.error?.code === 'string') return { errorCode: parsed.error.code };
  } catch {
    // Not JSON (a gateway error page): the status says enough.
  }
  return {};
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : String(value);
  return undefined;
}

/** `user;dur=3.1, store;dur=2.4` → `{ user: 3.1, store: 2.4 }` (entries without a duration are left out). */
export function serverTiming(header: string | undefined): Record<string, number> {
  const stages: Record<string, number> = {};
  for (const entry of header?.split(',') ?? []) {
    const [name, ...params] = entry.split(';').map((part) => part.trim());
    const duration = params.find((param) => param.startsWith('dur='))?.slice(4);
    if (name && duration !== undefined && Number.isFinite(Number(duration))) stages[name] = Number(duration);
  }
  return stages;
}
