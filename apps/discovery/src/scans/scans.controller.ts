import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  checkScanSpec,
  probeSchema,
  scanSpecShape,
  scanStatusSchema,
  textSchema,
} from '@vplan/contracts';
import { CurrentPrincipal, Roles, ZodBody, ZodQuery, type Principal } from '@vplan/platform';
import { z } from 'zod';
import { pageQuery } from '../http/page-query';
import { ScansService } from './scans.service';

const { cidrs: _cidrs, hosts: _hosts, probes: _probes, ...spec } = scanSpecShape;

/**
 * `POST /scans`: `targets` mixes CIDR ranges and hosts (names or addresses); `probes`
 * default to `tcp`; the other fields (ports, credentials, vcenters, prometheus, kubernetes,
 * sshPort, snmpPort, sudo, sampleSeconds, historyHours, timeouts) as the contract's
 * `scanCreate`.
 */
export const scanBodySchema = z
  .strictObject({
    ...spec,
    targets: z.array(textSchema(255)).max(1256).default([]),
    probes: z.array(probeSchema).min(1).default(['tcp']),
  })
  .superRefine(({ targets, ...rest }, ctx) =>
    checkScanSpec({ ...rest, cidrs: targets, hosts: [] }, targetsNamed(ctx)),
  );

/** The contract's checks speak of `cidrs`; over HTTP the field is `targets`. */
function targetsNamed(ctx: z.RefinementCtx): z.RefinementCtx {
  return {
    ...ctx,
    addIssue: (issue) => {
      if (typeof issue === 'string') return ctx.addIssue(issue);
      const path = issue.path?.map((p) => (p === 'cidrs' ? 'targets' : p));
      const message = issue.message?.replace(/\bcidrs, hosts\b/, 'targets');
      ctx.addIssue({ ...issue, ...(path ? { path } : {}), ...(message ? { message } : {}) });
    },
  };
}
export type ScanBody = z.infer<typeof scanBodySchema>;

const listQuery = pageQuery.extend({ status: scanStatusSchema.optional() });

/** Scan jobs: create, read, cancel (operator). */
@Roles('operator')
@Controller('api/v1/scans')
export class ScansController {
  constructor(private readonly scans: ScansService) {}

  @Post()
  @HttpCode(201)
  create(
    @ZodBody(scanBodySchema) body: ScanBody,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    const { targets, ...rest } = body;
    return this.scans.create(
      { ...rest, cidrs: [], hosts: [] },
      {
        fields: targets.map((text, i) => ({ field: `targets.${i}`, text })),
        ...(principal ? { actor: principal.name } : {}),
      },
    );
  }

  @Get()
  list(@ZodQuery(listQuery) query: z.infer<typeof listQuery>) {
    return this.scans.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.scans.get(id);
  }

  /** 200 with the scan: `cancelled` when it was pending, still `running` until its runner stops. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.scans.cancel(id);
  }
}
