/**
 * `npm run bench:bundles [-- --runs 15]`, after `npm run package:aws`: each function's zip, its minified
 * JavaScript and source map, and how long Node takes to load the handler module (the module-load part
 * of a Lambda cold start), as the median over fresh `node` processes, each loading one bundle with the
 * function's NODE_OPTIONS (--enable-source-maps). Wall time suffers from whatever else the machine runs;
 * CPU time (user + system) much less.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parseOptions, runMain, table } from '../command-line';
import { ROOT } from '../infra/local';

const PACKAGE_DIR = path.join(ROOT, '.serverless');

async function main(args: string[]): Promise<number> {
  const runs = Number(parseOptions(args, { runs: { type: 'string', default: '15' } }).runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 200) throw new Error('--runs must be 1 to 200');
  const zips = fs.existsSync(PACKAGE_DIR)
    ? fs.readdirSync(PACKAGE_DIR).filter((f) => f.endsWith('.zip'))
    : [];
  if (zips.length === 0) throw new Error('no function zips in .serverless: run npm run package:aws first');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-system-bench-bundles-'));
  try {
    const bundles = await Promise.all(zips.map((zip) => extract(path.join(PACKAGE_DIR, zip), dir)));
    const samples = new Map(
      bundles.map((bundle) => [bundle.name, { wall: [] as number[], cpu: [] as number[] }]),
    );
    // Round-robin, so a burst of load elsewhere spreads over every function rather than hitting one.
    for (let run = 0; run < runs; run++) {
      for (const bundle of bundles) {
        const { wall, cpu } = loadOnce(bundle.module);
        samples.get(bundle.name)!.wall.push(wall);
        samples.get(bundle.name)!.cpu.push(cpu);
      }
    }
    console.log(`module load: median of ${runs} fresh node ${process.version} processes per function`);
    console.log(
      table(
        ['function', 'zip KB', 'js KB', 'map KB', 'load ms (wall)', 'load ms (cpu)'],
        bundles.map((bundle) => [
          bundle.name,
          kb(bundle.zipBytes),
          kb(bundle.jsBytes),
          kb(bundle.mapBytes),
          median(samples.get(bundle.name)!.wall).toFixed(0),
          median(samples.get(bundle.name)!.cpu).toFixed(0),
        ]),
        [1, 2, 3, 4, 5],
      ),
    );
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Bundle {
  name: string;
  module: string;
  zipBytes: number;
  jsBytes: number;
  mapBytes: number;
}

async function extract(zipPath: string, into: string): Promise<Bundle> {
  const name = path.basename(zipPath, '.zip');
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
  let module = '';
  let jsBytes = 0;
  let mapBytes = 0;
  for (const entry of Object.values(zip.files).filter((file) => !file.dir)) {
    const content = await entry.async('nodebuffer');
    const target = path.join(into, name, entry.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    if (entry.name.endsWith('.js')) [module, jsBytes] = [target, content.length];
    if (entry.name.endsWith('.js.map')) mapBytes = content.length;
  }
  return { name, module, zipBytes: fs.statSync(zipPath).size, jsBytes, mapBytes };
}

/** Loads one bundle in a fresh process and returns how long `require` took, in ms. */
function loadOnce(module: string): { wall: number; cpu: number } {
  const probe = `
    const cpu = process.cpuUsage(), start = process.hrtime.bigint();
    require(${JSON.stringify(module)});
    const wall = Number(process.hrtime.bigint() - start) / 1e6, used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));`;
  const output = execFileSync(process.execPath, ['-e', probe], {
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { wall: number; cpu: number };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

runMain('bench:bundles', main);
