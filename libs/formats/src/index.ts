export * from './plan-json';
