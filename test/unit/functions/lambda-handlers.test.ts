import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Lambda's Node runtime (and serverless-offline, which uses its loader) cuts a handler's file name at the
 * first dot: `order-events.consumer.handler` means module `order-events`, export `consumer.handler`. So an
 * entry file's name must have no dot of its own, or the function fails with Runtime.ImportModuleError.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const config = parse(fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
  functions?: Record<string, { handler: string }>;
};
const handlers = Object.entries(config.functions ?? {}).map(([name, fn]) => [name, fn.handler] as const);

/** What the runtime does with the handler string. */
function resolveLikeLambda(handler: string): { file: string; exportPath: string } {
  const base = path.basename(handler);
  const dot = base.indexOf('.');
  return {
    file: path.join(path.dirname(handler), `${base.slice(0, dot)}.ts`),
    exportPath: base.slice(dot + 1),
  };
}

describe('Lambda handlers in serverless.yml', () => {
  it('lists at least one function', () => {
    expect(handlers.length).toBeGreaterThan(0);
  });

  it.each(handlers)(
    '%s (%s) names a file the Lambda runtime can load, exporting `handler`',
    (_name, handler) => {
      const { file, exportPath } = resolveLikeLambda(handler);

      expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
      expect(exportPath).toBe('handler');
    },
  );
});
