import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  idSchema,
  nameSchema,
  probeSchema,
  scanCreateSchema,
  scanPortsSchema,
  scanStatusSchema,
  textSchema,
} from '@vplan/contracts';
import { CurrentPrincipal, Roles, ZodBody, ZodQuery, type Principal } from '@vplan/platform';
import { z } from 'zod';
import { pageQuery } from '../http/page-query';
import { ScansService } from './scans.service';

const defaults = scanCreateSchema.parse({ hosts: ['x'], probes: ['tcp'] });

/**
 * `POST /scans`: `targets` mixes CIDR ranges and hosts (names or addresses); `probes`
 * default to `tcp`; `ports`, `timeoutMs`, `retries`, `concurrency` as the contract's `scanCreate`.
 */
export const scanBodySchema = z.strictObject({
  name: nameSchema.optional(),
  targets: z.array(textSchema(255)).min(1).max(1256),
  credentialIds: z.array(idSchema).max(32).default([]),
  probes: z.array(probeSchema).min(1).default(['tcp']),
  ports: scanPortsSchema.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(defaults.timeoutMs),
  retries: z.number().int().min(0).max(5).default(defaults.retries),
  concurrency: z.number().int().min(1).max(1024).default(defaults.concurrency),
});
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
