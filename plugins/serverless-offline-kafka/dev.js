'use strict';
// In this repository the plugin runs from its TypeScript sources through tsx's scoped require, which
// compiles only this plugin's files and leaves every other module's loading untouched: edit and rerun,
// no build. The published package runs the compiled dist/index.js instead (package.json `main`).
const { require: requireTypeScript } = require('tsx/cjs/api');

module.exports = requireTypeScript('./src/index.ts', __filename).default;
