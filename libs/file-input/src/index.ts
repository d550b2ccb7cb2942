export * from './input-error';
export * from './read-lines';
export * from './trace-files';
export * from './load-inventory';
export * from './load-workloads';
export * from './load-rvtools';
