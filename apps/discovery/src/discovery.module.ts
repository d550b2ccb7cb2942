import { Module } from '@nestjs/common';
import { PlatformContext } from '@vplan/platform';
import { keyringOf } from './config';
import { CredentialsController } from './credentials/credentials.controller';
import { CredentialsHandler } from './credentials/credentials.handler';
import { CredentialsService } from './credentials/credentials.service';
import { Keyring } from './credentials/keyring';
import { ImportsController } from './imports/imports.controller';
import { ImportsHandler } from './imports/imports.handler';
import { ImportsService } from './imports/imports.service';
import { HostKeysRepository } from './hostkeys/host-keys.repository';
import { ScanExecutor } from './scans/scan-executor.service';
import { ScanRunner } from './scans/scan-runner.service';
import { ScanSamplesService } from './scans/scan-samples.service';
import { ScansController } from './scans/scans.controller';
import { ScansHandler } from './scans/scans.handler';
import { ScansService } from './scans/scans.service';
import { SCHEDULE_CONTROLLERS, SCHEDULE_PROVIDERS } from './schedules';

/**
 * The discovery service: credentials (sealed with the key of `VPLAN_DISCOVERY_KEY`),
 * scan jobs (run by the scan runner: sweep, SSH, SNMP, vCenter and Prometheus probes; samples
 * to workloads), SSH host keys pinned on first use, file imports published as observations.
 */
@Module({
  controllers: [
    CredentialsController,
    ScansController,
    ImportsController,
    CredentialsHandler,
    ScansHandler,
    ImportsHandler,
    ...SCHEDULE_CONTROLLERS,
  ],
  providers: [
    {
      provide: Keyring,
      inject: [PlatformContext],
      useFactory: (ctx: PlatformContext) => keyringOf(ctx.config),
    },
    CredentialsService,
    ScansService,
    HostKeysRepository,
    ScanSamplesService,
    ScanExecutor,
    ScanRunner,
    ImportsService,
    ...SCHEDULE_PROVIDERS,
  ],
})
export class DiscoveryModule {}
