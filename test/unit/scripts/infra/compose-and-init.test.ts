/** docker-compose.yml, the LocalStack hook and the embedded mode must create and run the same things. */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { MINISTACK_VERSION } from '../../../../scripts/infra/aws-emulator';
import { serverProperties } from '../../../../scripts/infra/kafka-broker';
import { ROOT } from '../../../../scripts/infra/local';
import { LOCALSTACK_INIT, renderLocalstackInit } from '../../../../scripts/infra/localstack-init';
import { loadTopology } from '../../../../scripts/infra/topology';

const topology = loadTopology('local');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    { image: string; command?: string[] | string; volumes?: string[]; ports?: string[] }
  >;
};
const pomKafkaVersion = /<kafka\.version>([^<]+)</.exec(
  fs.readFileSync(path.join(ROOT, 'infra', 'kafka', 'pom.xml'), 'utf8'),
)![1];

describe('docker-compose.yml', () => {
  it('runs the Kafka version the embedded mode runs', () => {
    expect(compose.services.kafka!.image).toBe(`apache/kafka:${pomKafkaVersion}`);
    expect(compose.services['kafka-init']!.image).toBe(`apache/kafka:${pomKafkaVersion}`);
  });

  it('creates every topic of serverless.yml with its partitions', () => {
    const script = ([] as string[]).concat(compose.services['kafka-init']!.command ?? []).join('\n');
    for (const topic of topology.topics) expect(script).toContain(`${topic.name}:${topic.partitions}`);
  });

  it('gives every topic the settings serverless.yml names for it', () => {
    const script = ([] as string[]).concat(compose.services['kafka-init']!.command ?? []).join('\n');
    for (const topic of topology.topics) {
      for (const [name, value] of Object.entries(topic.config))
        expect(script).toContain(`--entity-name ${topic.name} --add-config ${name}=${value}`);
    }
  });

  it('pins LocalStack 4.14.0 with the generated hook, and the MiniStack version of the embedded mode', () => {
    expect(compose.services.localstack!.image).toBe('localstack/localstack:4.14.0');
    expect(compose.services.localstack!.volumes).toContain(
      './localstack/ready.d:/etc/localstack/init/ready.d:ro',
    );
    expect(String(compose.services.ministack!.command)).toContain(`ministack==${MINISTACK_VERSION}`);
  });

  it('publishes ports on loopback only', () => {
    const ports = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});

describe('LocalStack init hook', () => {
  it('is the committed output of the generator (run `npm run infra:generate` after changing serverless.yml)', () => {
    expect(fs.readFileSync(LOCALSTACK_INIT, 'utf8')).toBe(renderLocalstackInit(topology));
  });

  it('is an executable, valid shell script that creates every table with its serverless.yml definition', () => {
    expect(fs.statSync(LOCALSTACK_INIT).mode & 0o111).not.toBe(0);
    expect(spawnSync('sh', ['-n', LOCALSTACK_INIT]).status).toBe(0);
    const created = [...fs.readFileSync(LOCALSTACK_INIT, 'utf8').matchAll(/--cli-input-json '([^']+)'/g)].map(
      (m) => JSON.parse(m[1]!),
    );
    expect(created).toEqual(topology.tables);
  });
});

describe('embedded Kafka settings', () => {
  it('listens on loopback only and keeps records 7 days', () => {
    const props = serverProperties('/data');

    expect(props).toContain('listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093');
    expect(props).toContain('log.retention.hours=168');
    expect(props).toContain('log.dirs=/data');
  });
});
