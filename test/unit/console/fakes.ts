import type {
  CapturedEmailInfo,
  CommittedOffset,
  EmailSource,
  GroupInfo,
  KafkaSource,
  RawRecord,
  ReadRange,
  StoredNotification,
  StoredOrder,
  SystemNames,
  TableSource,
  TopicInfo,
} from '../../../console/server/sources';

export const NAMES: SystemNames = {
  orderEventsTopic: 'order-events',
  deadLetterTopic: 'order-events.dlq',
  notifyGroup: 'notification-service-group',
  topics: ['order-events', 'order-events.dlq'],
};

export function record(
  topic: string,
  partition: number,
  offset: number,
  value: unknown,
  options: { key?: string; headers?: Record<string, string>; timestamp?: number } = {},
): RawRecord {
  return {
    topic,
    partition,
    offset,
    timestamp: options.timestamp ?? 1_700_000_000_000 + offset,
    key: options.key === undefined ? null : Buffer.from(options.key),
    value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: Object.entries(options.headers ?? {}).map(([name, v]) => ({ name, value: Buffer.from(v) })),
  };
}

/**
 * An in-memory Kafka: topics are lists of records per partition (offsets start at `low`), groups and their
 * commits are set by the test, writes append. Counts reads, so tests can see what was read again.
 */
export class FakeKafka implements KafkaSource {
  readonly logs = new Map<string, RawRecord[][]>();
  readonly lows = new Map<string, number>();
  groupList: GroupInfo[] = [];
  commits = new Map<string, CommittedOffset[]>();
  reads: Array<{ topic: string; ranges: ReadRange[] }> = [];
  brokers = [{ nodeId: 1, host: 'localhost', port: 9092 }];
  keyPartition = (key: string) => key.length % 3;

  topic(name: string, partitions = 3): this {
    this.logs.set(
      name,
      Array.from({ length: partitions }, () => []),
    );
    return this;
  }

  append(record: Omit<RawRecord, 'offset'> & { offset?: number }): RawRecord {
    const log = this.logs.get(record.topic)![record.partition]!;
    const stored = {
      ...record,
      offset: (this.lows.get(`${record.topic}/${record.partition}`) ?? 0) + log.length,
    };
    log.push(stored);
    return stored;
  }

  async cluster() {
    return { clusterId: 'test-cluster', controller: 1, brokers: this.brokers };
  }

  async topics(): Promise<TopicInfo[]> {
    return [...this.logs].map(([name, partitions]) => ({
      name,
      partitions: partitions.map((_, partition) => ({
        partition,
        leader: 1,
        replicas: [1],
        isr: [1],
        offlineReplicas: [],
      })),
    }));
  }

  async offsets(topic: string) {
    return (this.logs.get(topic) ?? []).map((log, partition) => {
      const low = this.lows.get(`${topic}/${partition}`) ?? 0;
      return { partition, low, high: low + log.length };
    });
  }

  async groups() {
    return this.groupList;
  }

  async committed(groupId: string) {
    return this.commits.get(groupId) ?? [];
  }

  async read(topic: string, ranges: ReadRange[]) {
    this.reads.push({ topic, ranges });
    return ranges.flatMap(({ partition, from, to }) =>
      (this.logs.get(topic)?.[partition] ?? []).filter((r) => r.offset >= from && r.offset < to),
    );
  }

  async partitionFor(_topic: string, key: string) {
    return this.keyPartition(key);
  }

  async write(topic: string, r: Pick<RawRecord, 'key' | 'value' | 'headers'>) {
    const partition = r.key === null ? 0 : this.keyPartition(r.key.toString('utf8'));
    const stored = this.append({ topic, partition, timestamp: Date.now(), ...r });
    return { partition, offset: stored.offset };
  }
}

export class FakeTables implements TableSource {
  orders = new Map<string, StoredOrder>();
  notificationList: StoredNotification[] = [];

  async order(id: string) {
    return this.orders.get(id);
  }

  async notifications(orderId: string) {
    return this.notificationList.filter((n) => n.orderId === orderId);
  }

  /** analytics-service's marks: eventId → when it counted the event. */
  counted = new Map<string, string>();

  async countedAt(eventId: string) {
    return this.counted.get(eventId);
  }
}

export class FakeEmails implements EmailSource {
  list: CapturedEmailInfo[] = [];

  async emails() {
    return this.list;
  }
}
