export * from './series-builder';
