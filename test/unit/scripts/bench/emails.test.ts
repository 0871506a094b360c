import type { CapturedEmail } from '../../../../scripts/infra/captured-emails';
import { reconcile } from '../../../../scripts/bench/emails';

const ORDER_A = '11111111-1111-4111-8111-111111111111';
const ORDER_B = '22222222-2222-4222-8222-222222222222';
const ORDER_C = '33333333-3333-4333-8333-333333333333';

function email(orderId: string, sentAt: number): CapturedEmail {
  return {
    messageId: `m-${orderId}-${sentAt}`,
    from: 'no-reply@orders.local',
    to: ['someone@example.com'],
    cc: [],
    bcc: [],
    subject: 'Tu orden ha sido creada',
    text: `Hemos recibido tu orden ${orderId}.`,
    sentAt: new Date(sentAt),
  };
}

describe('reconcile', () => {
  it('matches each order with the email that names it: latency, lost and duplicated', () => {
    const orders = [
      { orderId: ORDER_A, sentAt: 1000 },
      { orderId: ORDER_B, sentAt: 2000 },
      { orderId: ORDER_C, sentAt: 3000 },
    ];
    const emails = [
      email(ORDER_A, 1500),
      email(ORDER_B, 2600),
      email(ORDER_B, 2900),
      email('44444444-4444-4444-8444-444444444444', 9000),
    ];

    const delivery = reconcile(orders, emails);

    expect(delivery.latenciesMs).toEqual([500, 600]);
    expect(delivery.lost).toEqual([ORDER_C]);
    expect(delivery.duplicated).toEqual([ORDER_B]);
    expect(delivery.lastCapturedAt).toBe(2900);
  });

  it('counts every order as lost when no email names it', () => {
    expect(reconcile([{ orderId: ORDER_A, sentAt: 0 }], [])).toEqual({
      latenciesMs: [],
      lost: [ORDER_A],
      duplicated: [],
      lastCapturedAt: undefined,
    });
  });
});
