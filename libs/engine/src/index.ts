export * from './plan-options';
export * from './plan-estate';
