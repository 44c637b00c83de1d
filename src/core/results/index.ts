/** The results-file module: schema, run block, parsing and file I/O. */
export * from './codec.js'
export * from './files.js'
export * from './run-block.js'
export * from './schema.js'
