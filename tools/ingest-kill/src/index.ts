// @vplan/ingest-kill: end-to-end ingest runs of the workloads service (README.md).
export * from './synthetic-batches';
export * from './service-process';
export * from './ingest-run';
export * from './spec-options';
