import { cumulative, groupedBars, lines, niceMax, stackedBars } from '../../../../scripts/bench/svg';

describe('bench charts', () => {
  it('draws grouped bars with a title, one rect per bar and an escaped legend', () => {
    const svg = groupedBars({
      title: 'Latency <ms>',
      unit: 'ms',
      groups: [
        {
          label: 'async ×1',
          bars: [
            { name: 'p50', value: 12 },
            { name: 'p95', value: 20 },
          ],
        },
        {
          label: 'sync ×1',
          bars: [
            { name: 'p50', value: 40 },
            { name: 'p95', value: 80 },
          ],
        },
      ],
    });

    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Latency &#60;ms&#62;');
    expect(svg.match(/<rect x=/g)).toHaveLength(4 + 2);
    expect(svg).toContain('<title>sync ×1 p95: 80 ms</title>');
  });

  it('can put the bars on a logarithmic axis, so that milliseconds and seconds both show', () => {
    const svg = groupedBars({
      title: 'log',
      unit: 'ms',
      log: true,
      groups: [
        {
          label: 'g',
          bars: [
            { name: 'a', value: 10 },
            { name: 'b', value: 10_000 },
          ],
        },
      ],
    });

    expect(svg).toContain('ms (log)');
    expect(svg).toContain('>10000</text>');
    // 10 ms is a quarter of the way up a 1…10 000 axis (220 px high, from y = 260).
    expect(svg).toMatch(/<rect x="\d+" y="205\.0" width="16" height="55\.0"/);
  });

  it('stacks the parts of a row in order and prints the total', () => {
    const svg = stackedBars({
      title: 'stages',
      unit: 'ms',
      rows: [
        {
          label: 'c1',
          parts: [
            { name: 'user', value: 3 },
            { name: 'store', value: 4.5 },
          ],
        },
      ],
    });

    expect(svg).toContain('<title>c1 user: 3 ms</title>');
    expect(svg).toContain('>7.5 ms</text>');
  });

  it('draws one polyline per series', () => {
    const svg = lines({
      title: 'rss',
      xUnit: 's',
      yUnit: 'MB',
      series: [
        {
          name: 'a',
          points: [
            [0, 1],
            [1, 2],
          ],
        },
        { name: 'b', points: [[0, 3]] },
      ],
    });

    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });

  it('turns values into a percentile curve that ends at 100 %', () => {
    expect(cumulative([3, 1, 2])).toEqual([
      [1, (1 / 3) * 100],
      [2, (2 / 3) * 100],
      [3, 100],
      [3, 100],
    ]);
  });

  it('rounds axis ends up to 1, 2 or 5 times a power of ten', () => {
    expect([niceMax(0), niceMax(7), niceMax(12), niceMax(180), niceMax(501)]).toEqual([1, 10, 20, 200, 1000]);
  });
});
