import {
  backoffDelay,
  effectiveRetryLimit,
  retriesExhausted,
  RETRIES_WITH_DESTINATION,
} from '../../../../plugins/serverless-offline-kafka/src/retry';

const policy = { initialDelayMs: 100, maxDelayMs: 1000 };

describe('effectiveRetryLimit', () => {
  it('retries forever by default, as the event source mapping does', () => {
    expect(effectiveRetryLimit(undefined, false)).toBeUndefined();
    expect(effectiveRetryLimit(-1, false)).toBeUndefined();
  });

  it("caps retries at AWS's 10 when a failure destination is set without a limit", () => {
    expect(effectiveRetryLimit(undefined, true)).toBe(RETRIES_WITH_DESTINATION);
    expect(effectiveRetryLimit(-1, true)).toBe(10);
    expect(effectiveRetryLimit(2, true)).toBe(2);
    expect(effectiveRetryLimit(0, false)).toBe(0);
  });
});

describe('retriesExhausted', () => {
  it('gives up once the function failed one time more than the retries allowed', () => {
    const limited = { ...policy, maximumRetryAttempts: 2 };

    expect(retriesExhausted(2, limited)).toBe(false);
    expect(retriesExhausted(3, limited)).toBe(true);
    expect(retriesExhausted(1000, { ...policy, maximumRetryAttempts: undefined })).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, jittered within its upper half', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });
});
