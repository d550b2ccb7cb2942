import { Injectable } from '@nestjs/common';
import { INVENTORY, estateBaselineSchema } from '@vplan/contracts';
import type { Asset, EstateBaseline } from '@vplan/domain';
import { AppError, PlatformContext, ServiceClient } from '@vplan/platform';

/**
 * Today's estate for a job: the latest baseline the inventory stored from an RVTools
 * import (INVENTORY.getBaseline; from the Object Store when the inventory put it there),
 * or undefined when it has none, so the job plans as without one.
 */
@Injectable()
export class BaselineReader {
  constructor(
    private readonly client: ServiceClient,
    private readonly ctx: PlatformContext,
  ) {}

  async read(): Promise<EstateBaseline | undefined> {
    const { latest } = await this.client.request(INVENTORY.getBaseline, {});
    if (!latest) return undefined;
    if (latest.delivery === 'inline') return latest.baseline;
    const os = await this.ctx.link.connection.jetstream().views.os(latest.object.bucket);
    const bytes = await os.getBlob(latest.object.name);
    if (!bytes)
      throw new AppError(
        'UNAVAILABLE',
        `inventory baseline object ${latest.object.name} is missing`,
      );
    return estateBaselineSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  }
}

/**
 * The baseline restricted to the VMs of the estate being planned: each host keeps only
 * the VMs that are among `assets` (a scenario's asset filter, or assets deleted from the
 * inventory since the import). Nothing else is recomputed — hosts, their capacity and
 * `vcpus`/`vmMemoryGiB`, unknown hosts, skipped VMs and notes stay as the inventory read
 * them — so keep-existing still sees every host of today, and `today` describes the
 * estate as it is, not the filtered part.
 */
export function baselineOfEstate(
  baseline: EstateBaseline,
  assets: readonly Asset[],
): EstateBaseline {
  const ids = new Set(assets.map((a) => a.id));
  return {
    ...baseline,
    hosts: baseline.hosts.map((h) =>
      h.vms.every((vm) => ids.has(vm)) ? h : { ...h, vms: h.vms.filter((vm) => ids.has(vm)) },
    ),
  };
}
