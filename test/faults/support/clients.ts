import { randomUUID } from 'node:crypto';

/**
 * Clients of the HTTP API as the fault suite sees them: every answer with its status (or what went wrong
 * on the wire), how long it took, the order id of a 201 and the Retry-After of a 503. A client waits 35 s
 * at most, more than API Gateway's 30: a longer wait is a hang.
 */
export const CLIENT_TIMEOUT_MS = 35_000;

export interface Answer {
  /** The HTTP status, or `reset` (connection dropped), `refused`, `timeout` (no answer in 35 s). */
  status: number | 'reset' | 'refused' | 'timeout';
  ms: number;
  orderId?: string;
  retryAfter?: string;
  errorCode?: string;
  idempotencyKey: string;
  /** POSTs it took, retries after a 503 included. */
  attempts: number;
}

export interface OrderRequest {
  userId: string;
  totalAmount: string;
  description?: string;
}

export async function createUser(baseUrl: string, label: string): Promise<{ id: string; email: string }> {
  const email = `faults-${label}-${randomUUID().slice(0, 8)}@example.com`;
  const response = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Fault ${label}`, email }),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  if (response.status !== 201)
    throw new Error(`POST /api/users answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  return { id, email };
}

export function orderFor(userId: string, n: number): OrderRequest {
  return { userId, totalAmount: `${10 + (n % 90)}.50`, description: `fault order ${n}` };
}

/** One POST /api/orders; never throws: a failure on the wire is an answer too. */
export async function placeOrder(
  baseUrl: string,
  order: OrderRequest,
  idempotencyKey: string = randomUUID(),
): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(`${baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    const body = parse(text) as { id?: string; error?: { code?: string } } | undefined;
    return {
      status: response.status,
      ms: Date.now() - started,
      idempotencyKey,
      attempts: 1,
      ...(response.status === 201 && body?.id ? { orderId: body.id } : {}),
      ...(response.headers.get('retry-after') ? { retryAfter: response.headers.get('retry-after')! } : {}),
      ...(body?.error?.code ? { errorCode: body.error.code } : {}),
    };
  } catch (error) {
    return { status: wireFailure(error), ms: Date.now() - started, idempotencyKey, attempts: 1 };
  }
}

/**
 * One order as a careful client places it: a 503 is tried again after its Retry-After (at most 10 s), with
 * the same Idempotency-Key, up to `retries` times. `ms` is the slowest single answer.
 */
export async function placeOrderRetrying(
  baseUrl: string,
  order: OrderRequest,
  retries: number,
  idempotencyKey: string = randomUUID(),
): Promise<Answer> {
  let slowest = 0;
  for (let attempt = 1; ; attempt++) {
    const answer = await placeOrder(baseUrl, order, idempotencyKey);
    slowest = Math.max(slowest, answer.ms);
    if (answer.status !== 503 || attempt > retries) return { ...answer, ms: slowest, attempts: attempt };
    const seconds = Number(answer.retryAfter);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(Number.isFinite(seconds) ? seconds : 1, 10) * 1000),
    );
  }
}

/**
 * The same order sent again with its key after the first request died, as the API documents it: a `409
 * IDEMPOTENCY_KEY_IN_USE` means the first request may still be running ("try again in a moment"). Nothing
 * tells a dead request from a slow one before its in-progress time ends (the function's timeout, 28 s, from
 * when it started), so it is tried again every second until then. `attempts` counts the POSTs.
 */
export async function placeOrderAgain(
  baseUrl: string,
  order: OrderRequest,
  idempotencyKey: string,
  withinMs = 40_000,
): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  let slowest = 0;
  for (let attempt = 1; ; attempt++) {
    const answer = await placeOrder(baseUrl, order, idempotencyKey);
    slowest = Math.max(slowest, answer.ms);
    const inUse = answer.status === 409 && answer.errorCode === 'IDEMPOTENCY_KEY_IN_USE';
    if (!inUse || Date.now() > deadline) return { ...answer, ms: slowest, attempts: attempt };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** `count` orders, at most `concurrency` in flight; each 503 retried `retries` times (3 unless told). */
export async function placeOrders(
  baseUrl: string,
  userId: string,
  count: number,
  concurrency: number,
  { firstN = 0, retries = 3 }: { firstN?: number; retries?: number } = {},
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async (index: number) => {
    // The clients arrive 100 ms apart rather than in one instant: a burst still, without every one of
    // them waiting on a cold start at once.
    await new Promise((resolve) => setTimeout(resolve, index * 100));
    while (next < count) {
      const n = firstN + next++;
      answers.push(await placeOrderRetrying(baseUrl, orderFor(userId, n), retries));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, index) => worker(index)));
  return answers;
}

/** Orders one after another, a new one every `everyMs`, until `stop()` says so; 503s retried as above. */
export async function placeOrdersUntil(
  baseUrl: string,
  userId: string,
  stop: () => boolean,
  {
    everyMs,
    concurrency,
    firstN = 0,
    retries = 3,
  }: { everyMs: number; concurrency: number; firstN?: number; retries?: number },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let n = firstN;
  const worker = async () => {
    while (!stop()) {
      const started = Date.now();
      answers.push(await placeOrderRetrying(baseUrl, orderFor(userId, n++), retries));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started))));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

function wireFailure(error: unknown): Answer['status'] {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
  return code === 'ECONNREFUSED' ? 'refused' : 'reset';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
