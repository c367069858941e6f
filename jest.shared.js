const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper: {
    '^@stoflow/migrations$': path.join(__dirname, 'migrations'),
    '^@stoflow/([a-z-]+)$': path.join(__dirname, 'libs/$1/src'),
  },
  // Packages that ship ESM only (the OpenAPI validator): compile them for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@apidevtools/json-schema-ref-parser)/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.data'],
};
