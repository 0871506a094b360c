import type { DeadLettersView, RecentOrdersView, ReplayResult, Timeline } from '../api';
import type {
  PartitionOffsets,
  EmailSource,
  KafkaSource,
  RawRecord,
  SystemNames,
  TableSource,
} from './sources';
import { replayDeadLetter, type DeadLetterRef } from './replay';
import { clusterView, RateTracker } from './views/cluster';
import { emailsView } from './views/emails';
import { groupsView } from './views/groups';
import { deadLetter, tail } from './views/records';
import { orderTimeline, recentOrders, type EventPosition } from './views/timeline';

export const RECENT_ORDERS = 12;
export const DEAD_LETTERS = 50;

/**
 * Everything the console shows, read from its sources. Reading the newest records of a topic means joining
 * a throwaway group, so the recent orders and the dead letters are read again only when the topic's last
 * offsets moved.
 */
export class ConsoleData {
  private readonly rates = new RateTracker();
  private readonly replays = new Map<string, ReplayResult>();
  private readonly positions = new Map<string, EventPosition>();
  private readonly tails = new Map<string, { offsets: string; records: Promise<RawRecord[]> }>();

  constructor(
    readonly kafka: KafkaSource,
    readonly tables: TableSource,
    readonly mail: EmailSource,
    readonly names: SystemNames,
  ) {}

  cluster() {
    return clusterView(this.kafka, this.names, this.rates);
  }

  groups() {
    return groupsView(this.kafka, this.names);
  }

  emails() {
    return emailsView(this.mail);
  }

  async deadLetters(): Promise<DeadLettersView> {
    const topic = this.names.deadLetterTopic;
    const records = await this.newest(topic, DEAD_LETTERS);
    return {
      topic,
      deadLetters: records.map((r) => deadLetter(r, this.replays.get(refKey(r)))),
      at: Date.now(),
    };
  }

  async recentOrders(): Promise<RecentOrdersView> {
    const records = await this.newest(this.names.orderEventsTopic, RECENT_ORDERS);
    const orders = recentOrders(records, RECENT_ORDERS);
    for (const o of orders) {
      this.remember(o.orderId, {
        topic: this.names.orderEventsTopic,
        partition: o.partition,
        offset: o.offset,
        timestamp: o.timestamp,
      });
    }
    return { orders, at: Date.now() };
  }

  async timeline(orderId: string): Promise<Timeline> {
    const [order, notifications] = await Promise.all([
      this.tables.order(orderId),
      this.tables.notifications(orderId),
    ]);
    const event = await this.eventOf(orderId, order);
    const messageId = notifications.find((n) => n.providerMessageId)?.providerMessageId;
    const email = messageId ? (await this.mail.emails()).find((e) => e.messageId === messageId) : undefined;
    const analyticsGroup = this.names.analyticsGroup;
    const [committed, analyticsCommitted, countedAt] = await Promise.all([
      this.committedOffset(this.names.notifyGroup, event),
      analyticsGroup ? this.committedOffset(analyticsGroup, event) : undefined,
      analyticsGroup && order?.eventId ? this.tables.countedAt(order.eventId) : undefined,
    ]);
    return orderTimeline({
      orderId,
      order,
      event,
      notifications,
      email,
      committed,
      notifyGroup: this.names.notifyGroup,
      ...(analyticsGroup
        ? { analytics: { group: analyticsGroup, countedAt, committed: analyticsCommitted } }
        : {}),
    });
  }

  /** The group's committed offset on the event's partition, if it has one. */
  private async committedOffset(
    group: string,
    event: EventPosition | undefined,
  ): Promise<number | undefined> {
    if (!event) return undefined;
    const offsets = await this.kafka.committed(group);
    const committed = offsets.find((o) => o.topic === event.topic && o.partition === event.partition)?.offset;
    return committed !== undefined && committed >= 0 ? committed : undefined;
  }

  async replay(ref: DeadLetterRef): Promise<ReplayResult> {
    const result = await replayDeadLetter(this.kafka, ref, this.names.orderEventsTopic);
    this.replays.set(`${ref.topic}/${ref.partition}/${ref.offset}`, result);
    return result;
  }

  /**
   * Where the order's event is: recorded on the order by order-service, or seen among the recent records,
   * or found by the order id (the record's key) in the key's partition. Positions never change: kept.
   */
  private async eventOf(
    orderId: string,
    order: { eventPartition?: number; eventOffset?: number; eventTimestamp?: string } | undefined,
  ): Promise<EventPosition | undefined> {
    const topic = this.names.orderEventsTopic;
    if (order?.eventPartition !== undefined && order.eventOffset !== undefined) {
      const timestamp = order.eventTimestamp ? Date.parse(order.eventTimestamp) : undefined;
      return { topic, partition: order.eventPartition, offset: order.eventOffset, timestamp };
    }
    const known = this.positions.get(orderId);
    if (known) return known;
    if (order === undefined) return undefined;
    const partition = await this.kafka.partitionFor(topic, orderId);
    const bounds = (await this.kafka.offsets(topic)).find((o) => o.partition === partition);
    if (!bounds) return undefined;
    const records = await this.kafka.read(topic, [
      { partition, from: Math.max(bounds.low, bounds.high - 1000), to: bounds.high },
    ]);
    const record = records.find((r) => r.key?.toString('utf8') === orderId);
    if (!record) return undefined;
    const position = { topic, partition, offset: record.offset, timestamp: record.timestamp };
    this.remember(orderId, position);
    return position;
  }

  private remember(orderId: string, position: EventPosition): void {
    this.positions.set(orderId, position);
    // A bounded memory: the oldest entries go first (Map keeps insertion order).
    if (this.positions.size > 5000) this.positions.delete(this.positions.keys().next().value!);
  }

  /** The newest records of `topic`, read again only when its offsets moved. */
  private async newest(topic: string, perPartition: number): Promise<RawRecord[]> {
    const offsets = await this.kafka.offsets(topic);
    const key = offsetsKey(offsets);
    const cached = this.tails.get(topic);
    if (cached && cached.offsets === key) return cached.records;
    const records = tail(this.kafka, topic, perPartition);
    this.tails.set(topic, { offsets: key, records });
    records.catch(() => this.tails.delete(topic));
    return records;
  }
}

function offsetsKey(offsets: PartitionOffsets[]): string {
  return offsets.map((o) => `${o.partition}:${o.low}-${o.high}`).join(',');
}

function refKey(record: RawRecord): string {
  return `${record.topic}/${record.partition}/${record.offset}`;
}
