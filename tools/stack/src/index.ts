// The dev stack (npm run stack / stack:down); the bin/ scripts are the entry points.
export { readStackConfig, stackFiles, type ConfigResult, type StackConfig } from './config';
export { createGateway, type GatewayOptions, type Routes } from './gateway';
export { parseGatewayArgs, type GatewayArgs } from './gateway-main';
export { readRecord, type StackEntry, type StackRecord } from './record';
export { up } from './up';
export { down, stopEntries } from './down';
