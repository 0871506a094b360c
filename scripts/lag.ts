/**
 * `npm run lag [-- --topic <name>] [-- --group <id>] [-- --json]`: for each consumer group that has read
 * the topic, per partition the end offset, the committed offset and the lag — Kafdrop's view, in a terminal.
 */

import type { Admin } from 'kafkajs';
import { localKafka } from './infra/provision';
import { parseOptions, runMain, table } from './command-line';

export const DEFAULT_TOPIC = 'order-events';

export interface PartitionLag {
  partition: number;
  end: number;
  /** Undefined when the group has committed nothing there yet; its lag is then all retained records. */
  committed: number | undefined;
  lag: number;
}

export interface GroupLag {
  groupId: string;
  state: string;
  members: number;
  partitions: PartitionLag[];
  totalLag: number;
}

export interface LagReport {
  topic: string;
  groups: GroupLag[];
}

export async function consumerLag(admin: Admin, topic: string, onlyGroup?: string): Promise<LagReport> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const groupIds =
    onlyGroup !== undefined
      ? [onlyGroup]
      : (await admin.listGroups()).groups.map((group) => group.groupId).sort();
  const groups: GroupLag[] = [];
  for (const groupId of groupIds) {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    // Groups that never committed on this topic read something else.
    if (onlyGroup === undefined && ![...byPartition.values()].some((offset) => offset >= 0)) continue;
    const partitions = offsets
      .map(({ partition, high, low }) => {
        const position = byPartition.get(partition);
        const has = position !== undefined && position >= 0;
        return {
          partition,
          end: Number(high),
          committed: has ? position : undefined,
          lag: Number(high) - (has ? position : Number(low)),
        };
      })
      .sort((a, b) => a.partition - b.partition);
    const { groups: described } = await admin.describeGroups([groupId]);
    groups.push({
      groupId,
      state: described[0]?.state ?? 'Unknown',
      members: described[0]?.members.length ?? 0,
      partitions,
      totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
    });
  }
  return { topic, groups };
}

export function formatLag({ topic, groups }: LagReport): string {
  if (groups.length === 0) return `No consumer group has committed offsets on ${topic} yet.`;
  return groups
    .map((group) => {
      const members = `${group.members} member${group.members === 1 ? '' : 's'}`;
      const rows = group.partitions.map((p) => [
        String(p.partition),
        String(p.end),
        p.committed === undefined ? '-' : String(p.committed),
        String(p.lag),
      ]);
      return [
        `${topic} · group ${group.groupId} (${group.state}, ${members}) · total lag ${group.totalLag}`,
        table(['partition', 'end', 'committed', 'lag'], rows, [0, 1, 2, 3]),
      ].join('\n');
    })
    .join('\n\n');
}

export function lagOptions(args: string[]) {
  return parseOptions(args, {
    topic: { type: 'string', default: DEFAULT_TOPIC },
    group: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
}

async function main(args: string[]): Promise<number> {
  const { topic, group, json } = lagOptions(args);
  const admin = localKafka('lag').admin();
  await admin.connect();
  try {
    const report = await consumerLag(admin, topic, group);
    console.log(json ? JSON.stringify(report, null, 2) : formatLag(report));
    return 0;
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) runMain('lag', main);
