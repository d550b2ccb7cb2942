import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Compactor } from './ingest/compactor';
import { IngestConsumer } from './ingest/ingest.consumer';
import { IngestWriter } from './ingest/ingest-writer';
import { SeriesController } from './query/series.controller';
import { UtilizationService } from './query/utilization.service';
import { WorkloadReader } from './query/workload-reader.service';
import { WorkloadViews } from './query/workload-views.service';
import { WorkloadsHandler } from './query/workloads.handler';
import { AssetStore } from './storage/asset.store';
import { SeriesStore } from './storage/series.store';
import { WORKLOAD_ASSET_MODEL, WorkloadAssetSchema } from './storage/workload-asset.schema';
import { UploadService } from './uploads/upload.service';
import { UploadsController } from './uploads/uploads.controller';

/**
 * The workloads service: trace uploads, the JetStream ingest of collector samples into
 * day buckets (with their compaction), series, profiles, utilization and chargeback, and
 * the NATS subjects of WORKLOADS (estate pages for planning).
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: WORKLOAD_ASSET_MODEL, schema: WorkloadAssetSchema }]),
  ],
  controllers: [UploadsController, SeriesController, WorkloadsHandler],
  providers: [
    AssetStore,
    SeriesStore,
    UploadService,
    WorkloadReader,
    WorkloadViews,
    UtilizationService,
    IngestWriter,
    IngestConsumer,
    Compactor,
  ],
})
export class WorkloadsModule {}
