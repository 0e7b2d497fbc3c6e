import type * as HyparquetWriter from 'hyparquet-writer' with { 'resolution-mode': 'import' };

/**
 * hyparquet-writer is an ES module only. Node ≥ 20.19 (package.json engines) loads an ES module with
 * require(), and Jest gets it transformed to CommonJS (jest.config.js), so the CommonJS build can
 * use it synchronously; TypeScript's node16 module mode only lacks a way to say so, hence require.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const hyparquet = require('hyparquet-writer') as typeof HyparquetWriter;
