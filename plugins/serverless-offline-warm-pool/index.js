'use strict';
// Written in TypeScript and run from its sources through tsx's scoped require, like serverless-offline-kafka:
// only this plugin's files are compiled, every other module loads as usual.
const { require: requireTypeScript } = require('tsx/cjs/api');

module.exports = requireTypeScript('./src/index.ts', __filename).default;
