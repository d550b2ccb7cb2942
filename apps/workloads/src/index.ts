// @vplan/workloads: the workloads service (README.md). Exported for tools that boot it
// in-process (benchmarks); other services meet it only through @vplan/contracts.
export { WorkloadsModule } from './workloads.module';
export {
  loadWorkloadsConfig,
  workloadsConfigShape,
  type WorkloadsConfig,
} from './workloads.config';
export { INGEST_DURABLE } from './ingest/ingest.consumer';
