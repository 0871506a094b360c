import { distribution, ms, percentile, tally } from '../../../../scripts/bench/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);

    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('summarises unsorted durations, and nothing as undefined', () => {
    expect(distribution([30, 10, 20, 40])).toEqual({
      count: 4,
      min: 10,
      p50: 20,
      p95: 40,
      p99: 40,
      max: 40,
      mean: 25,
    });
    expect(distribution([])).toBeUndefined();
  });

  it('prints milliseconds at a useful precision', () => {
    expect([ms(3.14), ms(42.4), ms(12_345), ms(undefined)]).toEqual(['3.1 ms', '42 ms', '12.3 s', '–']);
  });

  it('counts labels, most frequent first', () => {
    expect(tally(['201', '503', '201'])).toEqual([
      ['201', 2],
      ['503', 1],
    ]);
  });
});
