import type { GroupPartitionView, GroupsView, GroupView } from '../../api';
import type { KafkaSource, PartitionOffsets, SystemNames } from '../sources';
import { mapLimited } from './cluster';

/** Consumer groups whose ids start with this are the console's own short-lived readers: never shown. */
export const CONSOLE_GROUP_PREFIX = 'order-system-console-';

/**
 * Every consumer group: its members and what each reads, and per partition it has committed on, the
 * committed offset, the last offset and the lag. The system's groups (serverless.yml's) first.
 */
export async function groupsView(
  kafka: KafkaSource,
  names: SystemNames,
  now: () => number = Date.now,
): Promise<GroupsView> {
  const groups = (await kafka.groups()).filter((g) => !g.groupId.startsWith(CONSOLE_GROUP_PREFIX));
  const committed = await mapLimited(groups, 8, (g) => kafka.committed(g.groupId));
  const topics = new Set<string>();
  groups.forEach((group, i) => {
    for (const c of committed[i]!) topics.add(c.topic);
    for (const m of group.members) for (const a of m.assigned) topics.add(a.topic);
  });
  const topicList = [...topics];
  const offsetLists = await mapLimited(topicList, 8, (topic) => kafka.offsets(topic).catch(() => []));
  const offsets = new Map<string, PartitionOffsets[]>(topicList.map((t, i) => [t, offsetLists[i]!]));

  const views: GroupView[] = groups.map((group, i) => {
    const readers = new Map<string, string>();
    for (const m of group.members)
      for (const a of m.assigned) readers.set(`${a.topic}/${a.partition}`, m.memberId);
    const commits = new Map(committed[i]!.map((c) => [`${c.topic}/${c.partition}`, c.offset]));
    // Every partition of a topic the group reads or has read, committed or not.
    const groupTopics = new Set([
      ...committed[i]!.map((c) => c.topic),
      ...group.members.flatMap((m) => m.assigned.map((a) => a.topic)),
    ]);
    const partitions: GroupPartitionView[] = [...groupTopics].sort().flatMap((topic) =>
      (offsets.get(topic) ?? [])
        .map(({ partition, low, high }) => {
          const position = commits.get(`${topic}/${partition}`);
          const has = position !== undefined && position >= 0;
          return {
            topic,
            partition,
            committed: has ? position : undefined,
            last: high,
            // Nothing committed: everything still kept is yet to be read.
            lag: Math.max(0, high - (has ? position : low)),
            memberId: readers.get(`${topic}/${partition}`),
          };
        })
        .sort((a, b) => a.partition - b.partition),
    );
    return {
      groupId: group.groupId,
      state: group.state,
      system: group.groupId === names.notifyGroup || (names.consumerGroups ?? []).includes(group.groupId),
      members: group.members,
      partitions,
      totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
    };
  });
  views.sort((a, b) => Number(b.system) - Number(a.system) || a.groupId.localeCompare(b.groupId));
  return { groups: views, at: now() };
}
