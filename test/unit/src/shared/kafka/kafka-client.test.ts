import { logLevel } from 'kafkajs';
import { kafkaLog, PRODUCER_RETRY } from '../../../../../src/shared/kafka/kafka-client';
import { captureLogs, type CapturedLogs } from '../../../../support/logs';

/**
 * kafkajs waits between attempts: the first wait is initialRetryTime ± factor, each next one the previous
 * (± factor) times multiplier, capped at maxRetryTime. The shortest all of them can add up to is when
 * every random draw is at its lowest.
 */
function shortestTotalWait({
  retries,
  initialRetryTime,
  maxRetryTime,
  factor,
  multiplier,
}: typeof PRODUCER_RETRY) {
  let wait = initialRetryTime * (1 - factor);
  let total = 0;
  for (let attempt = 0; attempt < retries; attempt++) {
    total += wait;
    wait = Math.min(wait * (1 - factor) * multiplier, maxRetryTime);
  }
  return total;
}

describe('the producer’s retries', () => {
  it('keep trying at least as long as the default publish deadline (6 s), so the deadline ends a send', () => {
    expect(shortestTotalWait(PRODUCER_RETRY)).toBeGreaterThanOrEqual(6000);
  });

  it('try again within 500 ms, so a send reaches a newly elected leader at most half a second late', () => {
    expect(PRODUCER_RETRY.maxRetryTime).toBeLessThanOrEqual(500);
  });
});

describe('kafkaLog', () => {
  let captured: CapturedLogs;
  beforeEach(() => {
    captured = captureLogs();
  });
  afterEach(() => captured.restore());

  it("prints kafkajs' lines as JSON with their level", () => {
    kafkaLog({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '2026-01-20T10:30:00.000Z', message: 'Connection timeout', broker: 'localhost:9092' },
    });

    expect(captured.lines).toEqual([
      {
        level: 'ERROR',
        logger: 'kafkajs',
        message: '[Connection] Connection timeout',
        timestamp: '2026-01-20T10:30:00.000Z',
        broker: 'localhost:9092',
      },
    ]);
  });

  it('leaves out the warning about bounded retries, which are bounded on purpose', () => {
    kafkaLog({
      namespace: 'Producer',
      level: logLevel.WARN,
      label: 'WARN',
      log: {
        timestamp: '2026-01-20T10:30:00.000Z',
        message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      },
    });

    expect(captured.lines).toEqual([]);
  });
});
