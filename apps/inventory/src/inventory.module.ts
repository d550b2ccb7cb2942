import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AssetReader } from './asset-reader.service';
import { AssetWriter } from './asset-writer.service';
import { AssetRepository } from './asset.repository';
import { BaselineRepository } from './baseline.repository';
import { BaselineService } from './baseline.service';
import { BaselinesController } from './baselines.controller';
import { AssetsController } from './assets.controller';
import { IdentitiesController } from './identities.controller';
import { IdentityResolver } from './identity-resolver.service';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { InventoryHandler } from './inventory.handler';
import { MODEL_DEFINITIONS } from './inventory.schema';
import { ObservationsConsumer } from './observations.consumer';
import { CompletedScansRepository } from './completed-scans.repository';
import { ScansConsumer } from './scans.consumer';
import { StalenessService } from './staleness.service';

/** The inventory service: assets with provenance and history, imports, NATS handlers, reconciliation. */
@Module({
  imports: [MongooseModule.forFeature(MODEL_DEFINITIONS)],
  controllers: [
    AssetsController,
    BaselinesController,
    IdentitiesController,
    ImportsController,
    InventoryHandler,
  ],
  providers: [
    AssetRepository,
    AssetReader,
    AssetWriter,
    BaselineRepository,
    BaselineService,
    IdentityResolver,
    ImportService,
    ObservationsConsumer,
    CompletedScansRepository,
    ScansConsumer,
    StalenessService,
  ],
})
export class InventoryModule {}
