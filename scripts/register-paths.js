'use strict';
// Resolves the @stoflow/* path aliases in the compiled tree (dist/), where tsc leaves them as written.
// Usage: node -r ./scripts/register-paths.js dist/apps/<app>/src/main.js
const path = require('node:path');
const { register } = require('tsconfig-paths');

register({
  baseUrl: path.resolve(__dirname, '..', 'dist'),
  paths: {
    '@stoflow/migrations': ['migrations'],
    '@stoflow/*': ['libs/*/src'],
  },
  // Without this, tsconfig-paths also adds a catch-all '*' that would look up every bare import under dist/ first.
  addMatchAll: false,
});
