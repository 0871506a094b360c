'use strict';
// Compiles the plugin into one CommonJS file, dist/index.js, for the published package: kafkajs is bundled
// in, so installing the plugin needs nothing but serverless-offline (its peer). `npm pack` runs this.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const dist = path.join(__dirname, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'src', 'index.ts')],
  outfile: path.join(dist, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Serverless loads a plugin with require(): the class itself, not a module namespace.
  footer: { js: 'module.exports = module.exports.default;' },
  legalComments: 'eof',
  logLevel: 'warning',
});
const kafkajs = path.dirname(require.resolve('kafkajs/package.json'));
fs.copyFileSync(path.join(kafkajs, 'LICENSE'), path.join(dist, 'kafkajs.LICENSE'));
process.stdout.write(`built ${path.relative(process.cwd(), path.join(dist, 'index.js'))}\n`);
