/**
 * What the console reads, as small interfaces: the views are built from these, so unit tests hand them
 * fakes and `kafka-source.ts` / `aws-source.ts` implement them for the real broker and emulator.
 */

export interface BrokerInfo {
  clusterId: string;
  controller: number | null;
  brokers: Array<{ nodeId: number; host: string; port: number }>;
}

export interface TopicInfo {
  name: string;
  partitions: Array<{
    partition: number;
    leader: number;
    replicas: number[];
    isr: number[];
    offlineReplicas: number[];
  }>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset kept. */
  low: number;
  /** Offset of the next record. */
  high: number;
}

export interface GroupInfo {
  groupId: string;
  state: string;
  members: Array<{
    memberId: string;
    clientId: string;
    host: string;
    assigned: Array<{ topic: string; partition: number }>;
  }>;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** A record as read from Kafka, bytes untouched. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<{ name: string; value: Buffer }>;
}

export interface ReadRange {
  partition: number;
  /** First offset to read. */
  from: number;
  /** Offset after the last one to read. */
  to: number;
}

export interface KafkaSource {
  cluster(): Promise<BrokerInfo>;
  /** Every topic but Kafka's internal ones. */
  topics(): Promise<TopicInfo[]>;
  offsets(topic: string): Promise<PartitionOffsets[]>;
  groups(): Promise<GroupInfo[]>;
  committed(groupId: string): Promise<CommittedOffset[]>;
  /** The records of the given ranges, in offset order per partition. */
  read(topic: string, ranges: ReadRange[]): Promise<RawRecord[]>;
  /** The partition the producers' default partitioner picks for `key`. */
  partitionFor(topic: string, key: string): Promise<number>;
  /** Writes one record; resolves with where it landed. */
  write(
    topic: string,
    record: Pick<RawRecord, 'key' | 'value' | 'headers'>,
  ): Promise<{ partition: number; offset: number }>;
}

/** An order item as stored by order-service, the fields the timeline uses. */
export interface StoredOrder {
  id: string;
  status?: string;
  createdAt?: string;
  eventId?: string;
  eventPublishedAt?: string;
  /** Still owed to the bus (not published yet). */
  pendingEvent?: string;
  /** Recorded by order-service for the timeline (docs/console.md). */
  requestReceivedAt?: string;
  eventPartition?: number;
  eventOffset?: number;
  eventTimestamp?: string;
}

/** A notification item as stored by notification-service. */
export interface StoredNotification {
  eventId: string;
  orderId: string;
  status: string;
  attempts: number;
  recipient?: string;
  providerMessageId?: string;
  createdAt?: string;
  sentAt?: string;
  updatedAt?: string;
  lastError?: string;
  /** Recorded by notification-service for the timeline (docs/console.md). */
  receivedAt?: string;
  batchSize?: number;
  eventPartition?: number;
  eventOffset?: number;
}

export interface TableSource {
  order(orderId: string): Promise<StoredOrder | undefined>;
  notifications(orderId: string): Promise<StoredNotification[]>;
  /** When analytics-service counted the event (its mark of the event), if it has. */
  countedAt(eventId: string): Promise<string | undefined>;
}

export interface CapturedEmailInfo {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  sentAt: Date;
}

export interface EmailSource {
  emails(): Promise<CapturedEmailInfo[]>;
}

/** The names the console needs from serverless.yml. */
export interface SystemNames {
  orderEventsTopic: string;
  deadLetterTopic: string;
  notifyGroup: string;
  /** analytics-service's group, when the system has one: the timeline shows what it did alongside. */
  analyticsGroup?: string;
  /** Every group serverless.yml defines (custom.consumerGroups): notify's, analytics', … */
  consumerGroups?: string[];
  /** Topics serverless.yml defines (custom.topics). */
  topics: string[];
}
