import type { CapturedEmail } from '../infra/captured-emails';

/**
 * Matches accepted orders with the emails captured for them: an email belongs to the order whose id its
 * text names (the OrderCreated email names the order). Lost = an accepted order without an email;
 * duplicated = an order with more than one.
 */
export interface AcceptedOrder {
  orderId: string;
  /** Epoch milliseconds when the client sent the POST. */
  sentAt: number;
}

export interface Delivery {
  /** POST sent → email captured, per order that got one (milliseconds). */
  latenciesMs: number[];
  lost: string[];
  duplicated: string[];
  /** Epoch milliseconds of the last email captured for these orders. */
  lastCapturedAt: number | undefined;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function reconcile(orders: readonly AcceptedOrder[], emails: readonly CapturedEmail[]): Delivery {
  const wanted = new Map(orders.map((order) => [order.orderId.toLowerCase(), order]));
  const found = new Map<string, CapturedEmail[]>();
  for (const email of emails) {
    const ids = new Set(
      (`${email.text ?? ''} ${email.html ?? ''}`.match(UUID) ?? []).map((id) => id.toLowerCase()),
    );
    for (const id of ids) if (wanted.has(id)) found.set(id, [...(found.get(id) ?? []), email]);
  }
  const latenciesMs: number[] = [];
  const lost: string[] = [];
  const duplicated: string[] = [];
  let lastCapturedAt: number | undefined;
  for (const [id, order] of wanted) {
    const mine = found.get(id) ?? [];
    if (mine.length === 0) {
      lost.push(order.orderId);
      continue;
    }
    if (mine.length > 1) duplicated.push(order.orderId);
    const first = Math.min(...mine.map((email) => email.sentAt.getTime()));
    latenciesMs.push(first - order.sentAt);
    lastCapturedAt = Math.max(lastCapturedAt ?? 0, ...mine.map((email) => email.sentAt.getTime()));
  }
  return { latenciesMs, lost, duplicated, lastCapturedAt };
}
