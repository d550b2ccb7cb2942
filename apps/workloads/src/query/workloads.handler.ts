import { Controller } from '@nestjs/common';
import {
  WORKLOADS,
  type Coverage,
  type CoverageQuery,
  type DemandPage,
  type DemandPageQuery,
  type EstatePage,
  type EstatePageQuery,
  type Profile,
  type ProfileQuery,
  type Series,
  type SeriesQuery,
} from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import { WorkloadReader } from './workload-reader.service';
import { WorkloadViews } from './workload-views.service';

/** The request/reply subjects of WORKLOADS (internal callers: planning, the CLI's tools). */
@Controller()
export class WorkloadsHandler {
  constructor(
    private readonly views: WorkloadViews,
    private readonly reader: WorkloadReader,
  ) {}

  @HandleRequest(WORKLOADS.getSeries)
  series(@ZodPayload(WORKLOADS.getSeries.request) q: SeriesQuery): Promise<Series> {
    return this.views.series(q);
  }

  @HandleRequest(WORKLOADS.getProfile)
  profile(@ZodPayload(WORKLOADS.getProfile.request) q: ProfileQuery): Promise<Profile> {
    return this.views.profile(q);
  }

  @HandleRequest(WORKLOADS.getCoverage)
  coverage(@ZodPayload(WORKLOADS.getCoverage.request) q: CoverageQuery): Promise<Coverage> {
    return this.views.coverage(q);
  }

  @HandleRequest(WORKLOADS.getDemandPage)
  demand(@ZodPayload(WORKLOADS.getDemandPage.request) q: DemandPageQuery): Promise<DemandPage> {
    return this.views.demandPage(q);
  }

  @HandleRequest(WORKLOADS.getEstatePage)
  estate(@ZodPayload(WORKLOADS.getEstatePage.request) q: EstatePageQuery): Promise<EstatePage> {
    return this.reader.estatePage(q);
  }
}
