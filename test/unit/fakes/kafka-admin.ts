import { ConfigResourceTypes, ConfigSource, type Admin, type PartitionMetadata } from 'kafkajs';

export interface FakePartition {
  partition: number;
  /** -1: no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface FakeTopic {
  partitions: FakePartition[];
  /** The topic's min.insync.replicas, absent when the broker would not say. */
  minInsyncReplicas?: number;
}

/** The admin calls the infrastructure scripts make, answered from what the test put in the fake cluster. */
export type ClusterAdmin = Pick<
  Admin,
  'connect' | 'disconnect' | 'describeCluster' | 'listTopics' | 'fetchTopicMetadata' | 'describeConfigs'
>;

/**
 * A stand-in for a kafkajs admin client of a running cluster: the brokers alive (registered and unfenced),
 * the controller Metadata names, and each topic's partitions. Records whether it was disconnected.
 */
export class FakeKafkaAdmin implements ClusterAdmin {
  readonly topics = new Map<string, FakeTopic>();
  brokers: Array<{ nodeId: number; host: string; port: number }> = [];
  controller: number | null = null;
  clusterId = 'fake-cluster';
  /** Makes every call but connect and disconnect fail with this. */
  failWith: Error | undefined;
  connected = false;
  disconnects = 0;

  async connect(): Promise<void> {
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.disconnects++;
  }

  async describeCluster() {
    this.check();
    return { brokers: this.brokers, controller: this.controller, clusterId: this.clusterId };
  }

  async listTopics(): Promise<string[]> {
    this.check();
    return [...this.topics.keys()];
  }

  async fetchTopicMetadata(options?: { topics: string[] }) {
    this.check();
    const names = options?.topics ?? [...this.topics.keys()];
    return {
      topics: names.map((name) => {
        const topic = this.topics.get(name);
        if (!topic) throw new Error(`This server does not host this topic-partition: ${name}`);
        return {
          name,
          partitions: topic.partitions.map((p): PartitionMetadata => ({
            partitionErrorCode: 0,
            partitionId: p.partition,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
          })),
        };
      }),
    };
  }

  async describeConfigs({ resources }: Parameters<Admin['describeConfigs']>[0]) {
    this.check();
    return {
      throttleTime: 0,
      resources: resources.map(({ name }) => {
        const minIsr = this.topics.get(name)?.minInsyncReplicas;
        return {
          errorCode: 0,
          errorMessage: '',
          resourceName: name,
          resourceType: ConfigResourceTypes.TOPIC,
          configEntries:
            minIsr === undefined
              ? []
              : [
                  {
                    configName: 'min.insync.replicas',
                    configValue: String(minIsr),
                    isDefault: false,
                    configSource: ConfigSource.TOPIC_CONFIG,
                    isSensitive: false,
                    readOnly: false,
                    configSynonyms: [],
                  },
                ],
        };
      }),
    };
  }

  private check(): void {
    if (!this.connected) throw new Error('the admin client is not connected');
    if (this.failWith) throw this.failWith;
  }
}

/** Partitions 0..n-1 of a topic replicated on `replicas`, led round-robin, all in sync. */
export function healthyPartitions(count: number, replicas: number[]): FakePartition[] {
  return Array.from({ length: count }, (_, partition) => {
    const rotated = [
      ...replicas.slice(partition % replicas.length),
      ...replicas.slice(0, partition % replicas.length),
    ];
    return { partition, leader: rotated[0]!, replicas: rotated, isr: [...replicas] };
  });
}
