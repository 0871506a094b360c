/**
 * Three small chart kinds for the benchmark report, as standalone SVG: grouped bars, horizontal stacked
 * bars and lines. No dependency; every value is escaped, every chart has a title and a legend.
 */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

export interface Bar {
  name: string;
  value: number;
}

/**
 * Bars side by side per group. `log: true` puts the values on a logarithmic axis (from 1), so that 10 ms
 * and 10 s both show.
 */
export function groupedBars(options: {
  title: string;
  unit: string;
  groups: Array<{ label: string; bars: Bar[] }>;
  log?: boolean;
}): string {
  const names = unique(options.groups.flatMap((group) => group.bars.map((bar) => bar.name)));
  const largest = Math.max(0, ...options.groups.flatMap((group) => group.bars.map((bar) => bar.value)));
  const max = options.log ? 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(largest, 1)))) : niceMax(largest);
  const barWidth = 18;
  const groupWidth = names.length * barWidth + 24;
  const plot = { left: 60, top: 40, height: 220, width: Math.max(320, options.groups.length * groupWidth) };
  const share = (value: number) =>
    options.log ? Math.log10(Math.max(1, value)) / Math.log10(max) : value / max;
  const y = (value: number) => plot.top + plot.height - share(value) * plot.height;
  const parts: string[] = [options.log ? logAxisY(plot, max, options.unit) : axisY(plot, max, options.unit)];
  options.groups.forEach((group, g) => {
    const x0 = plot.left + g * groupWidth + 12;
    group.bars.forEach((bar) => {
      const i = names.indexOf(bar.name);
      const x = x0 + i * barWidth;
      const top = y(Math.min(bar.value, max));
      parts.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${barWidth - 2}" height="${(plot.top + plot.height - top).toFixed(1)}" fill="${color(i)}"><title>${escape(`${group.label} ${bar.name}: ${round(bar.value)} ${options.unit}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${x0 + (names.length * barWidth) / 2}" y="${plot.top + plot.height + 16}" text-anchor="middle">${escape(group.label)}</text>`,
    );
  });
  const width = plot.left + plot.width + 20;
  return frame(width, plot.top + plot.height + 60, options.title, [
    ...parts,
    legend(names, plot.left, plot.top + plot.height + 36),
  ]);
}

export function stackedBars(options: {
  title: string;
  unit: string;
  rows: Array<{ label: string; parts: Bar[] }>;
}): string {
  const names = unique(options.rows.flatMap((row) => row.parts.map((part) => part.name)));
  const total = (row: { parts: Bar[] }) => row.parts.reduce((sum, part) => sum + Math.max(0, part.value), 0);
  const max = niceMax(Math.max(0, ...options.rows.map(total)));
  const labelWidth = 140;
  const plot = { left: labelWidth, top: 40, width: 460, rowHeight: 26 };
  const x = (value: number) => plot.left + (value / max) * plot.width;
  const parts: string[] = [];
  options.rows.forEach((row, r) => {
    const top = plot.top + r * plot.rowHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${top + 16}" text-anchor="end">${escape(row.label)}</text>`);
    let start = 0;
    for (const part of row.parts) {
      const value = Math.max(0, part.value);
      parts.push(
        `<rect x="${x(start).toFixed(1)}" y="${top + 4}" width="${(x(start + value) - x(start)).toFixed(1)}" height="${plot.rowHeight - 8}" fill="${color(names.indexOf(part.name))}"><title>${escape(`${row.label} ${part.name}: ${round(value)} ${options.unit}`)}</title></rect>`,
      );
      start += value;
    }
    parts.push(
      `<text x="${(x(start) + 4).toFixed(1)}" y="${top + 16}">${escape(`${round(start)} ${options.unit}`)}</text>`,
    );
  });
  const bottom = plot.top + options.rows.length * plot.rowHeight;
  return frame(plot.left + plot.width + 90, bottom + 40, options.title, [
    ...parts,
    legend(names, plot.left, bottom + 20),
  ]);
}

export interface Series {
  name: string;
  points: Array<[number, number]>;
}

export function lines(options: { title: string; xUnit: string; yUnit: string; series: Series[] }): string {
  const all = options.series.flatMap((series) => series.points);
  const maxX = niceMax(Math.max(0, ...all.map(([px]) => px)));
  const maxY = niceMax(Math.max(0, ...all.map(([, py]) => py)));
  const plot = { left: 60, top: 40, width: 480, height: 220 };
  const x = (value: number) => plot.left + (value / maxX) * plot.width;
  const y = (value: number) => plot.top + plot.height - (value / maxY) * plot.height;
  const parts = [axisY(plot, maxY, options.yUnit), axisX(plot, maxX, options.xUnit)];
  options.series.forEach((series, i) => {
    const path = series.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color(i)}" stroke-width="2" points="${path}"/>`);
  });
  return frame(plot.left + plot.width + 30, plot.top + plot.height + 70, options.title, [
    ...parts,
    legend(
      options.series.map((series) => series.name),
      plot.left,
      plot.top + plot.height + 50,
    ),
  ]);
}

/** A distribution as points of a percentile curve: x = the value, y = the share of values at or below it (%). */
export function cumulative(values: readonly number[], points = 100): Array<[number, number]> {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const step = Math.max(1, Math.floor(sorted.length / points));
  const curve: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length; i += step) curve.push([sorted[i]!, ((i + 1) / sorted.length) * 100]);
  curve.push([sorted[sorted.length - 1]!, 100]);
  return curve;
}

function frame(width: number, height: number, title: string, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function axisY(
  plot: { left: number; top: number; height: number; width: number },
  max: number,
  unit: string,
) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const py = plot.top + plot.height - f * plot.height;
    return `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${py}" y2="${py}" stroke="#ddd"/><text x="${plot.left - 6}" y="${py + 4}" text-anchor="end">${round(max * f)}</text>`;
  });
  return [
    ...ticks,
    `<text x="${plot.left - 6}" y="${plot.top - 10}" text-anchor="end">${escape(unit)}</text>`,
  ].join('\n');
}

function logAxisY(
  plot: { left: number; top: number; height: number; width: number },
  max: number,
  unit: string,
) {
  const decades = Math.round(Math.log10(max));
  const ticks = Array.from({ length: decades + 1 }, (_, i) => {
    const py = plot.top + plot.height - (i / decades) * plot.height;
    return `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${py}" y2="${py}" stroke="#ddd"/><text x="${plot.left - 6}" y="${py + 4}" text-anchor="end">${10 ** i}</text>`;
  });
  return [
    ...ticks,
    `<text x="${plot.left - 6}" y="${plot.top - 10}" text-anchor="end">${escape(unit)} (log)</text>`,
  ].join('\n');
}

function axisX(
  plot: { left: number; top: number; height: number; width: number },
  max: number,
  unit: string,
) {
  const bottom = plot.top + plot.height;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const px = plot.left + f * plot.width;
    return `<text x="${px}" y="${bottom + 16}" text-anchor="middle">${round(max * f)}</text>`;
  });
  return [
    `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${bottom}" y2="${bottom}" stroke="#999"/>`,
    ...ticks,
    `<text x="${plot.left + plot.width}" y="${bottom + 32}" text-anchor="end">${escape(unit)}</text>`,
  ].join('\n');
}

function legend(names: string[], left: number, top: number): string {
  let x = left;
  return names
    .map((name, i) => {
      const item = `<rect x="${x}" y="${top - 10}" width="10" height="10" fill="${color(i)}"/><text x="${x + 14}" y="${top}">${escape(name)}</text>`;
      x += 24 + name.length * 7;
      return item;
    })
    .join('\n');
}

/** 1, 2 or 5 times a power of ten, at or above `value`: round axis ends. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value)!;
  return step * power;
}

const color = (i: number) => PALETTE[i % PALETTE.length]!;
const unique = (values: string[]) => [...new Set(values)];
const round = (value: number) => (Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10);

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
