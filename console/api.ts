/**
 * What the console's server sends its page: the JSON of `/api/*` and of the live feeds. Types only, so the
 * page (browser) and the server (Node) share them without sharing code.
 */

export interface ClusterView {
  clusterId: string;
  controller: number | null;
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  topics: TopicView[];
  /** When these figures were read (epoch ms). */
  at: number;
}

export interface TopicView {
  name: string;
  /** One of the topics serverless.yml defines, rather than one a test or a tool made. */
  system: boolean;
  partitions: PartitionView[];
  /** Records in the topic now (the sum of last − first). */
  records: number;
  /** Records appended per second over the last few seconds; undefined until two readings exist. */
  ratePerSecond: number | undefined;
}

export interface PartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** The first offset still kept. */
  first: number;
  /** The offset the next record will get (the high watermark). */
  last: number;
  ratePerSecond: number | undefined;
}

export interface GroupsView {
  groups: GroupView[];
  at: number;
}

export interface GroupView {
  groupId: string;
  state: string;
  /** The group of the system's own consumer (serverless.yml custom.consumerGroups). */
  system: boolean;
  members: MemberView[];
  partitions: GroupPartitionView[];
  totalLag: number;
}

export interface MemberView {
  memberId: string;
  clientId: string;
  host: string;
  /** `topic-partition` names assigned to this member. */
  assigned: Array<{ topic: string; partition: number }>;
}

export interface GroupPartitionView {
  topic: string;
  partition: number;
  /** Undefined when the group has committed nothing there. */
  committed: number | undefined;
  last: number;
  lag: number;
  /** The member reading this partition now, if any. */
  memberId: string | undefined;
}

export interface RecordView {
  topic: string;
  partition: number;
  offset: number;
  /** Producer's or broker's timestamp, epoch ms. */
  timestamp: number;
  key: string | null;
  headers: Array<{ name: string; value: string }>;
  /** The value parsed as JSON when it is JSON, else undefined (then `text` holds it). */
  json: unknown;
  text: string | null;
}

export interface RecordsPage {
  topic: string;
  partition: number;
  first: number;
  last: number;
  records: RecordView[];
  /** How the records were chosen: from an offset, or by key in the key's partition. */
  query: { offset?: number; key?: string; limit: number };
}

export interface DeadLetterView {
  record: RecordView;
  /** Why it was set aside (`dlq-reason` from notify, `failure-reason` from the event source). */
  reason: string;
  error: string | undefined;
  field: string | undefined;
  /** Who set it aside: the consumer or the function. */
  by: string | undefined;
  failedAt: string | undefined;
  source: { topic: string; partition: number | undefined; offset: number | undefined } | undefined;
  replayed: ReplayResult | undefined;
}

export interface DeadLettersView {
  topic: string;
  deadLetters: DeadLetterView[];
  at: number;
}

export interface ReplayResult {
  topic: string;
  partition: number;
  offset: number;
  at: string;
}

export interface EmailSummary {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  sentAt: string;
  hasHtml: boolean;
}

export interface EmailsView {
  emails: EmailSummary[];
  at: number;
}

export type StepState = 'done' | 'waiting' | 'not-recorded';

export interface TimelineStep {
  key: 'request' | 'placed' | 'published' | 'responded' | 'received' | 'sent' | 'status' | 'counted';
  title: string;
  /** ISO time with milliseconds, when known. */
  at: string | undefined;
  /** Milliseconds since the first known step. */
  t: number | undefined;
  state: StepState;
  /** Facts of this step: partition, offset, batch, attempt, message id, … */
  details: Array<[string, string]>;
  /** The customer has the answer from here on (the design's "AQUÍ EL USUARIO RECIBE LA RESPUESTA"). */
  customerAnswered?: boolean;
}

export interface Timeline {
  orderId: string;
  found: boolean;
  steps: TimelineStep[];
  /**
   * What the other subscribers of order-events did with the event (analytics-service), beside the order's
   * path and in no order with it: nothing waits for them.
   */
  alongside: TimelineStep[];
  /**
   * Every step is done: the email went out (or the notification failed for good), and each subscriber
   * alongside has processed the event.
   */
  complete: boolean;
  /**
   * ms from the request to the 201 (to the acknowledgement the 201 follows, one DynamoDB write before it),
   * and from the request to SES accepting the email.
   */
  totals: { answeredMs: number | undefined; emailMs: number | undefined };
  status: string | undefined;
  email: { messageId: string; subject: string; to: string[] } | undefined;
}

export interface RecentOrder {
  orderId: string;
  partition: number;
  offset: number;
  timestamp: number;
  customerEmail: string | undefined;
  totalAmount: string | undefined;
  currency: string | undefined;
}

export interface RecentOrdersView {
  orders: RecentOrder[];
  at: number;
}

/** A feed that could not be read this time; the page shows it until the next good reading. */
export interface FeedError {
  feed: string;
  message: string;
}
