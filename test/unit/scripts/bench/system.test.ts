import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../../../scripts/infra/local';
import { writeBenchConfig } from '../../../../scripts/bench/system';

interface Written {
  params: { local: { esbuildWorkFolder: string } };
  custom: {
    topics: { orderEvents: { name: string } };
    consumerGroups: { notify: string; analytics: string };
    userServiceUrl?: string;
  };
  functions: Record<string, { events: { msk?: { topic: string; enabled?: boolean } }[] }>;
  resources: { extensions: Record<string, unknown> };
}

describe('writeBenchConfig', () => {
  const written: string[] = [];
  afterEach(() => {
    for (const file of written.splice(0)) fs.rmSync(path.join(ROOT, file), { force: true });
  });

  function write(notify: boolean): Written {
    const file = writeBenchConfig({
      run: 'unit',
      topic: 'bench-topic',
      group: 'bench-group',
      notify,
      httpPort: 4100,
    });
    written.push(file);
    // yaml refuses duplicated keys: the copy must stay a valid serverless.yml.
    return parse(fs.readFileSync(path.join(ROOT, file), 'utf8'), { logLevel: 'error' }) as Written;
  }

  it('runs notify and analytics on the benchmark topic with the mapping settings serverless.yml gives them', () => {
    const config = write(true);

    expect(config.custom.topics.orderEvents.name).toBe('bench-topic');
    expect(config.custom.consumerGroups).toEqual({
      notify: 'bench-group',
      analytics: 'bench-group-analytics',
    });
    // The overrides stay keyed by the mapping ids of the renamed topic, or notify would run without them.
    expect(Object.keys(config.resources.extensions)).toEqual(
      expect.arrayContaining([
        'NotifyEventSourceMappingMSKMskClusterArnBenchtopic',
        'AnalyticsEventSourceMappingMSKMskClusterArnBenchtopic',
      ]),
    );
    expect(config.params.local.esbuildWorkFolder).toBe('.local/bench/esbuild');
    expect(JSON.stringify(config)).toContain('http://localhost:4100');
  });

  it('switches off only notify’s event source when notification-service is to be down', () => {
    const config = write(false);

    const mskEvent = (fn: string) => config.functions[fn]!.events.find((e) => e.msk)!.msk!;
    expect(mskEvent('notify').enabled).toBe(false);
    expect(mskEvent('analytics').enabled).toBeUndefined();
  });
});
