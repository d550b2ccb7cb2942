import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  identityResolveSchema,
  type IdentityResolve,
  type IdentityResolved,
} from '@vplan/contracts';
import { Roles, ZodValidationPipe } from '@vplan/platform';
import { IdentityResolver } from './identity-resolver.service';

const resolveBody = new ZodValidationPipe(identityResolveSchema, 'body');

@ApiTags('identities')
@Roles('viewer')
@Controller('api/v1/identities')
export class IdentitiesController {
  constructor(private readonly resolver: IdentityResolver) {}

  /**
   * Which assets identities are (at most 500, answers in request order, null for none
   * yet), by the rule chain observations are reconciled with. Reads only: a POST because
   * the identities are a body; nothing is created or merged.
   */
  @Post('resolve')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', description: "the contracts' identityResolveSchema" } })
  resolve(@Body(resolveBody) body: IdentityResolve): Promise<IdentityResolved> {
    return this.resolver.resolve(body);
  }
}
