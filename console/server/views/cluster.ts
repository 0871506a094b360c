import type { ClusterView, PartitionView, TopicView } from '../../api';
import type { KafkaSource, PartitionOffsets, SystemNames } from '../sources';

/** How far back message rates look: long enough to smooth a burst, short enough to show it. */
export const RATE_WINDOW_MS = 10_000;

/**
 * Remembers each partition's last offset over time, so that a rate is the records appended during the
 * last RATE_WINDOW_MS — from offsets alone, without reading a record.
 */
export class RateTracker {
  private readonly samples = new Map<string, Array<{ at: number; last: number }>>();

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  /** Records a reading and returns records per second since the oldest reading in the window. */
  observe(key: string, at: number, last: number): number | undefined {
    const series = this.samples.get(key) ?? [];
    series.push({ at, last });
    // Keep one reading older than the window, so the rate always spans the whole window once it can.
    while (series.length > 2 && series[1]!.at <= at - this.windowMs) series.shift();
    this.samples.set(key, series);
    const oldest = series[0]!;
    if (series.length < 2 || at === oldest.at) return undefined;
    // A recreated topic starts again from 0: no negative rates.
    return Math.max(0, ((last - oldest.last) * 1000) / (at - oldest.at));
  }

  /** Forgets what is not in `keys` (deleted topics). */
  retain(keys: Set<string>): void {
    for (const key of this.samples.keys()) if (!keys.has(key)) this.samples.delete(key);
  }
}

/** Brokers, the controller, and every topic's partitions with leader, replicas, ISR, offsets and rates. */
export async function clusterView(
  kafka: KafkaSource,
  names: SystemNames,
  rates: RateTracker,
  now: () => number = Date.now,
): Promise<ClusterView> {
  const [cluster, topics] = await Promise.all([kafka.cluster(), kafka.topics()]);
  const offsets = await mapLimited(topics, 8, (topic) => kafka.offsets(topic.name));
  const at = now();
  const seen = new Set<string>();
  const views: TopicView[] = topics.map((topic, i) => {
    const byPartition = new Map<number, PartitionOffsets>(offsets[i]!.map((o) => [o.partition, o]));
    const partitions: PartitionView[] = topic.partitions
      .map((p) => {
        const o = byPartition.get(p.partition) ?? { partition: p.partition, low: 0, high: 0 };
        const key = `${topic.name}/${p.partition}`;
        seen.add(key);
        return { ...p, first: o.low, last: o.high, ratePerSecond: rates.observe(key, at, o.high) };
      })
      .sort((a, b) => a.partition - b.partition);
    seen.add(topic.name);
    const total = partitions.reduce((sum, p) => sum + p.last, 0);
    return {
      name: topic.name,
      system: names.topics.includes(topic.name),
      partitions,
      records: partitions.reduce((sum, p) => sum + (p.last - p.first), 0),
      ratePerSecond: rates.observe(topic.name, at, total),
    };
  });
  rates.retain(seen);
  // The system's topics first, in serverless.yml's order; then the rest by name.
  const rank = (topic: TopicView) => (topic.system ? names.topics.indexOf(topic.name) : names.topics.length);
  views.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { ...cluster, topics: views, at };
}

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
