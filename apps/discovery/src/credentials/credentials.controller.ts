import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { credentialCreateSchema, type CredentialCreate } from '@vplan/contracts';
import {
  AppError,
  CurrentPrincipal,
  Roles,
  ZodBody,
  ZodQuery,
  type Principal,
} from '@vplan/platform';
import { pageQuery, type PageQuery } from '../http/page-query';
import { CredentialsService } from './credentials.service';

/** Credentials: create and delete (admin), read without the secret (operator). */
@Controller('api/v1/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Roles('admin')
  @Post()
  @HttpCode(201)
  create(
    @ZodBody(credentialCreateSchema) body: CredentialCreate,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    return this.credentials.create(body, principal?.name);
  }

  @Roles('operator')
  @Get()
  list(@ZodQuery(pageQuery) query: PageQuery) {
    return this.credentials.list(query);
  }

  @Roles('operator')
  @Get(':id')
  get(@Param('id') id: string) {
    return this.credentials.get(id);
  }

  @Roles('admin')
  @Delete(':id')
  async remove(@Param('id') id: string) {
    if (!(await this.credentials.delete(id))) {
      throw new AppError('NOT_FOUND', `credential ${id} not found`);
    }
    return { id, deleted: true };
  }
}
