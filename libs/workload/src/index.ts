export * from './series-builder';
export * from './percentile';
export * from './time-alignment';
export * from './demand-matrix';
export * from './join-estate';
export * from './series-views';
export * from './chargeback';
