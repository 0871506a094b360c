import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { WebAssets } from './http';

const WEB = path.join(__dirname, '..', 'web');

/**
 * The page's script, bundled in memory from console/web/main.ts by the project's esbuild at start (tens
 * of milliseconds): no build step, no output folder, nothing fetched from elsewhere.
 */
export async function webAssets(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [path.join(WEB, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
  });
  return {
    html: fs.readFileSync(path.join(WEB, 'index.html'), 'utf8'),
    js: result.outputFiles[0]!.text,
    css: fs.readFileSync(path.join(WEB, 'style.css'), 'utf8'),
  };
}
