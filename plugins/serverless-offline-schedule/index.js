'use strict';
// The plugin is written in TypeScript; in this repository it runs from its sources through tsx's scoped
// require, which compiles only this plugin's files and leaves every other module's loading untouched.
// A published build would point `main` at compiled JavaScript instead.
const { require: requireTypeScript } = require('tsx/cjs/api');

module.exports = requireTypeScript('./src/index.ts', __filename).default;
