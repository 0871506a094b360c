import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table } from '../command-line';
import type { Delivery } from './emails';
import type { LoadResult, OrderSample } from './load';
import { distribution, ms, tally, type Distribution } from './stats';
import { cumulative, groupedBars, lines, stackedBars } from './svg';

/** What one benchmark phase measured: a load of orders, and the emails they produced. */
export interface Phase {
  variant: 'async' | 'sync';
  /** e.g. `async`, `sync, mail +200 ms`, `async, notification down`. */
  label: string;
  concurrency: number;
  mailDelayMs: number;
  load: LoadResult;
  delivery?: Delivery;
  /** For the async variant: how long after the burst's start every email had been captured. */
  lastEmailAfterMs?: number;
  rssPeakMb?: number;
  /** Memory of the offline process over the phase: [seconds, MB]. */
  rss?: Array<[number, number]>;
  notificationDown?: boolean;
  /** CPU milliseconds per accepted order, per process of the system (and per main thread). */
  cpuPerOrderMs?: Record<string, number>;
  /** Orders per second two idle cores could carry at that CPU cost (see cpu.ts). */
  capacityOn2Cores?: number;
}

export interface RunInfo {
  startedAt: Date;
  finishedAt: Date;
  api: string;
  system: string;
  notes: string[];
}

/** The stages each variant's create-order reports in its Server-Timing header, in the order they run. */
export const STAGES: Record<Phase['variant'], ReadonlyArray<readonly [string, string]>> = {
  async: [
    ['user', 'user lookup (HTTP)'],
    ['store', 'DynamoDB write'],
    ['publish', 'Kafka produce (acks=all)'],
    ['mark', 'marking published'],
  ],
  sync: [
    ['user', 'user lookup (HTTP)'],
    ['store', 'DynamoDB write'],
    ['notify', 'notification-service (HTTP, email sent)'],
  ],
};
export const REST_IN_FUNCTION = 'rest of the function';
export const REST_OUTSIDE = 'outside the function';

export function accepted(phase: Phase): OrderSample[] {
  return phase.load.samples.filter((sample) => sample.status === 201);
}

export function latency(phase: Phase): Distribution | undefined {
  return distribution(phase.load.samples.map((sample) => sample.latencyMs));
}

/** The wait of the customers whose order was accepted. */
export function acceptedLatency(phase: Phase): Distribution | undefined {
  return distribution(accepted(phase).map((sample) => sample.latencyMs));
}

export function statusMix(phase: Phase): string {
  const labels = phase.load.samples.map((sample) =>
    sample.errorCode ? `${sample.status} ${sample.errorCode}` : String(sample.status),
  );
  for (let i = 0; i < phase.load.errors; i++) labels.push('no answer');
  return tally(labels)
    .map(([label, count]) => `${label} ×${count}`)
    .join(', ');
}

export function successRate(phase: Phase): number {
  const sent = phase.load.samples.length + phase.load.errors;
  return sent === 0 ? 0 : accepted(phase).length / sent;
}

/**
 * Median of each stage over the accepted orders of a phase, then the rest of the wait: inside the function
 * beyond its stages (parsing, validation, logging), and outside it (serverless offline's HTTP layer and the
 * hand-off to the function's worker thread, the client's own socket).
 */
export function stageBreakdown(phase: Phase): Array<{ name: string; ms: number }> | undefined {
  return medianStages(phase.variant, accepted(phase));
}

/** The same breakdown over any answers that carry the client's latency and the function's stages. */
export function medianStages(
  variant: Phase['variant'],
  answers: ReadonlyArray<Pick<OrderSample, 'latencyMs' | 'stages'>>,
): Array<{ name: string; ms: number }> | undefined {
  const stages = STAGES[variant];
  const samples = answers.filter(
    (sample) => 'total' in sample.stages && stages.every(([key]) => key in sample.stages),
  );
  if (samples.length === 0) return undefined;
  const median = (values: number[]) => distribution(values)!.p50;
  const sum = (sample: (typeof samples)[number]) =>
    stages.reduce((total, [key]) => total + sample.stages[key]!, 0);
  return [
    ...stages.map(([key, name]) => ({ name, ms: median(samples.map((sample) => sample.stages[key]!)) })),
    { name: REST_IN_FUNCTION, ms: Math.max(0, median(samples.map((s) => s.stages.total! - sum(s)))) },
    { name: REST_OUTSIDE, ms: Math.max(0, median(samples.map((s) => s.latencyMs - s.stages.total!))) },
  ];
}

export function summaryTable(phases: Phase[]): string {
  const rows = phases.map((phase) => {
    const l = latency(phase);
    const e = phase.delivery ? distribution(phase.delivery.latenciesMs) : undefined;
    const ok = accepted(phase).length;
    return [
      phase.label,
      String(phase.concurrency),
      String(phase.load.samples.length + phase.load.errors),
      `${(successRate(phase) * 100).toFixed(phase.notificationDown ? 0 : 1)} %`,
      ms(l?.p50),
      ms(l?.p95),
      ms(l?.p99),
      ms(l?.max),
      phase.load.durationS > 0 ? (ok / phase.load.durationS).toFixed(1) : '–',
      ms(e?.p50),
      ms(e?.p95),
      ms(phase.lastEmailAfterMs),
      phase.delivery ? String(phase.delivery.lost.length) : '–',
      phase.delivery ? String(phase.delivery.duplicated.length) : '–',
      phase.rssPeakMb === undefined ? '–' : `${Math.round(phase.rssPeakMb)} MB`,
    ];
  });
  return table(
    [
      'phase',
      'conc',
      'orders',
      '201',
      'p50',
      'p95',
      'p99',
      'max',
      'orders/s',
      'email p50',
      'email p95',
      'last email',
      'lost',
      'dup',
      'offline RSS',
    ],
    rows,
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  );
}

export function statusTable(phases: Phase[]): string {
  return table(
    ['phase', 'conc', 'status mix'],
    phases.map((phase) => [phase.label, String(phase.concurrency), statusMix(phase)]),
  );
}

/** Customer's wait for an accepted order, async over sync, at the same concurrency and mail delay. */
export function ratioRows(phases: Phase[]): string[][] {
  const rows: string[][] = [];
  const normal = phases.filter((phase) => !phase.notificationDown);
  for (const sync of normal.filter((phase) => phase.variant === 'sync')) {
    const async = normal.find((phase) => phase.variant === 'async' && phase.concurrency === sync.concurrency);
    const a = async && acceptedLatency(async);
    const s = acceptedLatency(sync);
    if (!a || !s) continue;
    rows.push([
      `+${sync.mailDelayMs} ms`,
      String(sync.concurrency),
      ms(a.p50),
      ms(s.p50),
      (a.p50 / s.p50).toFixed(2),
      ms(a.p95),
      ms(s.p95),
      (a.p95 / s.p95).toFixed(2),
    ]);
  }
  return rows;
}

export function ratioTable(phases: Phase[]): string {
  return table(
    ['mail delay', 'conc', 'async p50', 'sync p50', 'ratio p50', 'async p95', 'sync p95', 'ratio p95'],
    ratioRows(phases),
    [1, 2, 3, 4, 5, 6, 7],
  );
}

export function stageTable(phases: Phase[], variant: Phase['variant'] = 'async'): string | undefined {
  const rows = phases
    .filter((phase) => phase.variant === variant && !phase.notificationDown)
    .map((phase) => ({ phase, stages: stageBreakdown(phase) }))
    .filter((row): row is { phase: Phase; stages: Array<{ name: string; ms: number }> } => !!row.stages);
  if (rows.length === 0) return undefined;
  const names = rows[0]!.stages.map((stage) => stage.name);
  return table(
    [`${variant} stage (median)`, ...rows.map(({ phase }) => columnName(phase))],
    names.map((name, i) => [name, ...rows.map(({ stages }) => ms(stages[i]!.ms))]),
    rows.map((_, i) => i + 1),
  );
}

function columnName(phase: Phase): string {
  return phase.variant === 'sync'
    ? `+${phase.mailDelayMs} ms ×${phase.concurrency}`
    : `×${phase.concurrency}`;
}

export function cpuTable(phases: Phase[]): string | undefined {
  const measured = phases.filter((phase) => phase.cpuPerOrderMs);
  if (measured.length === 0) return undefined;
  const rows: string[][] = [];
  for (const phase of measured) {
    const cpu = phase.cpuPerOrderMs!;
    const total = Object.entries(cpu)
      .filter(([name]) => !name.endsWith('main thread'))
      .reduce((sum, [, ms]) => sum + ms, 0);
    rows.push([
      `${phase.label} ×${phase.concurrency}`,
      Object.entries(cpu)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
        .join(', '),
      ms(total),
      phase.capacityOn2Cores === undefined ? '–' : Math.floor(phase.capacityOn2Cores).toString(),
    ]);
  }
  return table(
    ['phase', 'CPU ms per accepted order, by process', 'total', 'orders/s on 2 idle cores'],
    rows,
    [2, 3],
  );
}

/** Writes report.md and its charts into `dir`; returns the report's path. */
export function writeReport(dir: string, phases: Phase[], info: RunInfo): string {
  fs.mkdirSync(dir, { recursive: true });
  const chart = (name: string, svg: string) => {
    fs.writeFileSync(path.join(dir, name), svg);
    return `![${name}](${name})`;
  };
  const asyncPhases = phases.filter((phase) => phase.variant === 'async' && !phase.notificationDown);
  const syncPhases = phases.filter((phase) => phase.variant === 'sync' && !phase.notificationDown);
  const downPhases = phases.filter((phase) => phase.notificationDown);

  const latencyChart = chart(
    'api-latency.svg',
    groupedBars({
      title: 'POST /api/orders: time to the answer',
      unit: 'ms',
      log: true,
      groups: [...asyncPhases, ...syncPhases].map((phase) => {
        const l = latency(phase);
        return {
          label: `${phase.variant === 'async' ? 'async' : `sync +${phase.mailDelayMs}`} ×${phase.concurrency}`,
          bars: [
            { name: 'p50', value: l?.p50 ?? 0 },
            { name: 'p95', value: l?.p95 ?? 0 },
            { name: 'p99', value: l?.p99 ?? 0 },
          ],
        };
      }),
    }),
  );
  const stageRows = [...asyncPhases, ...syncPhases]
    .map((phase) => ({ phase, stages: stageBreakdown(phase) }))
    .filter((row) => row.stages);
  const stagesChart = stageRows.length
    ? chart(
        'stages.svg',
        stackedBars({
          title: 'Where the time of one order goes (medians)',
          unit: 'ms',
          rows: stageRows.map(({ phase, stages }) => ({
            label: `${phase.variant} ${columnName(phase)}`,
            parts: stages!.map((stage) => ({ name: stage.name, value: stage.ms })),
          })),
        }),
      )
    : undefined;
  const emailChart = chart(
    'email-latency.svg',
    lines({
      title: 'POST → email captured (share of orders, %)',
      xUnit: 'ms after the POST',
      yUnit: '%',
      series: [...asyncPhases, ...syncPhases]
        .filter((phase) => phase.delivery?.latenciesMs.length)
        .map((phase) => ({
          name: `${phase.label} ×${phase.concurrency}`,
          points: cumulative(phase.delivery!.latenciesMs).map(([x, y]) => [x, y] as [number, number]),
        })),
    }),
  );
  const memoryChart = chart(
    'memory.svg',
    lines({
      title: 'serverless offline (async system): resident memory during each burst',
      xUnit: 's into the phase',
      yUnit: 'MB',
      series: asyncPhases
        .filter((phase) => phase.rss?.length)
        .map((phase) => ({ name: `concurrency ${phase.concurrency}`, points: phase.rss! })),
    }),
  );
  const cpu = cpuTable(phases);
  const stages = [stageTable(phases, 'async'), stageTable(phases, 'sync')].filter(Boolean).join('\n\n');

  const markdown = [
    `# Benchmark: ${info.startedAt.toISOString()}`,
    '',
    `${os.cpus().length} CPU (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
      `Node ${process.version}, load average at the start ${os.loadavg()[0]!.toFixed(1)}. ` +
      `System under test: ${info.system} (${info.api}). Run took ${Math.round((info.finishedAt.getTime() - info.startedAt.getTime()) / 1000)} s.`,
    '',
    'Figures from a shared machine move with whatever else runs on it: compare phases of one run, not runs.',
    ...info.notes.map((note) => `- ${note}`),
    '',
    '## Summary',
    '',
    'Orders are placed by a closed loop of `conc` clients (each sends its next order when the previous one',
    'answered); p50…max is the time to the answer as the client sees it; orders/s counts `201`s; email columns',
    'run from the POST to the email captured by the emulator; "last email" from the first POST of the burst to',
    'the last email captured; lost = accepted without an email, dup = more than one email for an order.',
    '',
    '```',
    summaryTable(phases),
    '```',
    '',
    '```',
    statusTable(phases),
    '```',
    '',
    latencyChart,
    '',
    '## Where the time of an order goes',
    '',
    'From the `Server-Timing` header create-order answers with: each stage timed inside the function, the',
    'rest of the function (parsing, validation, logging) and what the client waited outside the function',
    "(serverless offline's HTTP layer and its hand-off to the function's worker thread).",
    '',
    ...(stages ? ['```', stages, '```', '', stagesChart ?? ''] : ['No stage timings in the answers.']),
    '',
    '## CPU per order, and what two idle cores could carry',
    '',
    'CPU time (user + system, from /proc) the processes of the system spent during each phase, over its',
    'accepted orders: for the event-driven system from the first POST until every email was sent, so it',
    "includes notify's work. Unlike latencies it hardly depends on what else the machine runs. The estimate",
    'divides two cores by the total, and one core by each part that cannot use more than one (the Python',
    "emulator, each serverless offline's main thread), and keeps the smallest.",
    '',
    ...(cpu ? ['```', cpu, '```'] : ['Not measured (no /proc, or processes the benchmark does not know).']),
    '',
    '## End to end: POST → email',
    '',
    emailChart,
    '',
    '## The synchronous "before"',
    '',
    'Benchmark-only variant (`bench/sync-baseline/`): create-order stores the order, then calls',
    'notification-service over HTTP and answers only once the email was sent. Its mail provider is the',
    "emulator's SES behind a proxy that adds the stated delay to each send. The customer's wait, async over sync:",
    '',
    '```',
    ratioTable(phases),
    '```',
    '',
    '## Notification-service down',
    '',
    downPhases.length
      ? [
          '```',
          table(
            ['variant', 'orders', 'accepted', 'emails later', 'lost', 'dup'],
            downPhases.map((phase) => [
              phase.variant,
              String(phase.load.samples.length + phase.load.errors),
              `${(successRate(phase) * 100).toFixed(0)} %`,
              phase.delivery ? String(phase.delivery.latenciesMs.length) : '–',
              phase.delivery ? String(phase.delivery.lost.length) : '–',
              phase.delivery ? String(phase.delivery.duplicated.length) : '–',
            ]),
            [1, 2, 3, 4, 5],
          ),
          '```',
        ].join('\n')
      : 'Not measured in this run.',
    '',
    '## Memory',
    '',
    memoryChart,
    '',
  ].join('\n');
  const file = path.join(dir, 'report.md');
  fs.writeFileSync(file, markdown);
  fs.writeFileSync(path.join(dir, 'phases.json'), JSON.stringify(phases.map(withoutSamples), null, 2));
  return file;
}

function withoutSamples(phase: Phase) {
  return {
    ...phase,
    load: { ...phase.load, samples: phase.load.samples.length },
    latency: latency(phase),
    delivery: phase.delivery && {
      emails: phase.delivery.latenciesMs.length,
      latency: distribution(phase.delivery.latenciesMs),
      lost: phase.delivery.lost,
      duplicated: phase.delivery.duplicated,
    },
    stages: stageBreakdown(phase),
  };
}
