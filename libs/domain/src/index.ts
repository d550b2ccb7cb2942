export * from './resources';
export * from './asset';
export * from './time-grid';
export * from './series';
export * from './host-model';
export * from './random';
export * from './baseline';
