import { PRODUCER_RETRY } from '../../../../../src/shared/kafka/kafka-client';

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
