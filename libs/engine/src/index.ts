export * from './plan-estate';
export * from './plan-target';
export * from './plan-artifacts';
export * from './cpu-sizing';
export * from './asset-allocation';
export * from './placement-units';
export * from './plan-document';
export * from './rule-constraints';
