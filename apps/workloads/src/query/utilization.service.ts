import { Injectable } from '@nestjs/common';
import { INVENTORY, instantMs, type TimeWindow } from '@vplan/contracts';
import type { BusinessAttributes } from '@vplan/domain';
import { PlatformContext, ServiceClient } from '@vplan/platform';
import { settingsOf } from '../workloads.config';
import {
  UNASSIGNED,
  chargeback,
  sliceSeries,
  type AssetUsage,
  type GroupBy,
  type GroupUsage,
} from '@vplan/workload';
import { WorkloadReader } from './workload-reader.service';

/** Answer of GET /utilization. */
export interface Utilization {
  readonly groupBy: GroupBy;
  readonly from?: string;
  readonly to?: string;
  readonly currency: string;
  readonly unitCosts: { readonly perGhzHour: number; readonly perGibHour: number };
  readonly total: number;
  readonly groups: GroupUsage[];
}

const ATTRIBUTE: Readonly<Record<GroupBy, keyof BusinessAttributes>> = {
  owner: 'owner',
  department: 'department',
  cost_center: 'costCenter',
};

/** Utilization vs capacity and chargeback per owner, department or cost center. */
@Injectable()
export class UtilizationService {
  constructor(
    private readonly reader: WorkloadReader,
    private readonly client: ServiceClient,
    private readonly ctx: PlatformContext,
  ) {}

  async utilization(groupBy: GroupBy, window?: TimeWindow): Promise<Utilization> {
    const groups = await this.groupsFromInventory(groupBy);
    const settings = settingsOf(this.ctx);
    const entries = await this.reader.listAll();
    const usages: AssetUsage[] = [];
    const from = window ? instantMs(window.from) / 1000 : undefined;
    const to = window ? instantMs(window.to) / 1000 : undefined;
    for (let i = 0; i < entries.length; i += 64) {
      for (const trace of await this.reader.traces(entries.slice(i, i + 64))) {
        const series =
          from !== undefined && to !== undefined
            ? trace.series.map((s) => sliceSeries(s, from, to))
            : trace.series;
        usages.push({
          group: groups.get(trace.id) ?? UNASSIGNED,
          capacity: trace.capacity,
          series,
        });
      }
    }
    const costs = {
      perGhzHour: settings.WORKLOADS_COST_PER_GHZ_HOUR,
      perGibHour: settings.WORKLOADS_COST_PER_GIB_HOUR,
      currency: settings.WORKLOADS_CURRENCY,
    };
    const result = chargeback(usages, costs);
    return {
      groupBy,
      ...(window
        ? {
            from: new Date(instantMs(window.from)).toISOString(),
            to: new Date(instantMs(window.to)).toISOString(),
          }
        : {}),
      currency: costs.currency,
      unitCosts: { perGhzHour: costs.perGhzHour, perGibHour: costs.perGibHour },
      total: result.reduce((sum, g) => sum + g.chargeback, 0),
      groups: result,
    };
  }

  /** Asset id → its group attribute, from the inventory service (paged over NATS). */
  private async groupsFromInventory(groupBy: GroupBy): Promise<Map<string, string>> {
    const attribute = ATTRIBUTE[groupBy];
    const groups = new Map<string, string>();
    let after: string | undefined;
    do {
      const page = await this.client.request(INVENTORY.queryAssets, {
        filters: {},
        limit: 1000,
        ...(after ? { after } : {}),
      });
      for (const record of page.items) {
        const value = (record.asset.business as BusinessAttributes)[attribute];
        if (typeof value === 'string' && value !== '') groups.set(record.asset.id, value);
      }
      after = page.next;
    } while (after);
    return groups;
  }
}
