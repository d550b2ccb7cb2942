export * from './plan-options';
export * from './plan-estate';
export * from './placement-units';
export * from './plan-document';
export * from './rule-constraints';
