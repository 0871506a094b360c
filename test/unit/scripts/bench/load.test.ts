import { serverTiming } from '../../../../scripts/bench/load';

describe('serverTiming', () => {
  it('reads the durations of a Server-Timing header', () => {
    expect(serverTiming('user;dur=3.1, store;desc="DynamoDB";dur=2.5,publish;dur=1')).toEqual({
      user: 3.1,
      store: 2.5,
      publish: 1,
    });
  });

  it('leaves out entries without a duration, and reads nothing from no header', () => {
    expect(serverTiming('miss, user;dur=abc')).toEqual({});
    expect(serverTiming(undefined)).toEqual({});
  });
});
