export * from './rule-model';
export * from './compatibility-report';
