import type { OrderSample } from '../../../../scripts/bench/load';
import {
  ratioRows,
  stageBreakdown,
  statusMix,
  successRate,
  type Phase,
} from '../../../../scripts/bench/report';

function sample(latencyMs: number, status = 201, stages: Record<string, number> = {}): OrderSample {
  return {
    status,
    latencyMs,
    sentAt: 0,
    customerId: 'c',
    stages,
    ...(status === 201 ? { orderId: 'o' } : {}),
  };
}

function phase(
  variant: 'async' | 'sync',
  concurrency: number,
  samples: OrderSample[],
  extra: Partial<Phase> = {},
): Phase {
  return {
    variant,
    label: variant,
    concurrency,
    mailDelayMs: 0,
    load: { samples, durationS: 1, errors: 0, timeouts: 0 },
    ...extra,
  };
}

describe('bench report', () => {
  it('breaks the median order down into its stages, the rest of the function and the wait outside it', () => {
    const stages = { user: 4, store: 3, publish: 2, mark: 3, total: 14 };
    const breakdown = stageBreakdown(
      phase('async', 1, [sample(17, 201, stages), sample(19, 201, stages), sample(18, 201, stages)]),
    );

    expect(breakdown).toEqual([
      { name: 'user lookup (HTTP)', ms: 4 },
      { name: 'DynamoDB write', ms: 3 },
      { name: 'Kafka produce (acks=all)', ms: 2 },
      { name: 'marking published', ms: 3 },
      { name: 'rest of the function', ms: 2 },
      { name: 'outside the function', ms: 4 },
    ]);
  });

  it('breaks the synchronous variant down into its own stages, the notification call among them', () => {
    const stages = { user: 4, store: 3, notify: 250, total: 260 };

    expect(stageBreakdown(phase('sync', 1, [sample(262, 201, stages)]))?.map((stage) => stage.ms)).toEqual([
      4, 3, 250, 3, 2,
    ]);
  });

  it('has no breakdown when the answers carried no timings', () => {
    expect(stageBreakdown(phase('async', 1, [sample(10)]))).toBeUndefined();
  });

  it('compares the wait of each synchronous phase with the asynchronous one at the same concurrency', () => {
    const phases = [
      phase('async', 1, [sample(10), sample(20)]),
      phase('sync', 1, [sample(40), sample(80)], { mailDelayMs: 200 }),
      phase('sync', 10, [sample(40)]),
    ];

    expect(ratioRows(phases)).toEqual([['+200 ms', '1', '10 ms', '40 ms', '0.25', '20 ms', '80 ms', '0.25']]);
  });

  it('counts requests that got no answer against the success rate, and names error codes', () => {
    const down = phase('sync', 10, [sample(5, 503), sample(5, 201)], { notificationDown: true });
    down.load.samples[0]!.errorCode = 'NOTIFICATION_SERVICE_UNAVAILABLE';
    down.load.errors = 2;

    expect(successRate(down)).toBe(0.25);
    expect(statusMix(down)).toBe('no answer ×2, 201 ×1, 503 NOTIFICATION_SERVICE_UNAVAILABLE ×1');
  });
});
