import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Put,
  Req,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { MAX_PAGE_LIMIT, MAX_SOURCE_CHARS } from '@vplan/contracts';
import { AppError, CurrentPrincipal, Roles, ZodQuery, type Principal } from '@vplan/platform';
import { z } from 'zod';
import { readTextBody, type TextRequest } from '@vplan/platform';
import { RulesetRepository, TargetSetRepository } from './repositories';
import type { VersionedDocuments } from './versioned-documents.repository';

const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(100),
  after: z.string().min(1).max(512).optional(),
});
type PageQuery = z.infer<typeof pageQuery>;

const versionParam = z.coerce.number().int().positive();

/**
 * The source text of a PUT: YAML or JSON as the body (`application/yaml`, `text/plain`,
 * any text type, optionally gzip-encoded). An `application/json` body has already been
 * parsed by the JSON body parser: it is stored as pretty-printed JSON (send JSON as
 * text/plain to keep your own line numbers in error messages).
 */
async function sourceOf(req: TextRequest): Promise<string> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/') || type.startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(
      'BAD_REQUEST',
      'body: send the document itself as application/yaml, text/plain or application/json',
    );
  }
  const source =
    type.startsWith('application/json') && req.body !== undefined
      ? `${JSON.stringify(req.body, null, 2)}\n`
      : await readTextBody(req, MAX_SOURCE_CHARS * 4);
  if (source.length > MAX_SOURCE_CHARS) {
    throw new AppError('BAD_REQUEST', `body: more than ${MAX_SOURCE_CHARS} characters`);
  }
  if (source.trim() === '') throw new AppError('BAD_REQUEST', 'body: empty document');
  return source;
}

/**
 * HTTP of one kind of versioned document under `api/v1/<path>`: PUT a new version
 * (planner), read the list, the latest, the versions and one version (viewer), DELETE
 * (planner; hides the name, its versions stay readable).
 */
function documentsController(
  path: string,
  repository: Type<VersionedDocuments<unknown>>,
  className: string,
) {
  @Controller(`api/v1/${path}`)
  class DocumentsController {
    constructor(@Inject(repository) readonly docs: VersionedDocuments<unknown>) {}

    @Roles('planner')
    @Put(':name')
    @HttpCode(201)
    @ApiConsumes('application/yaml', 'text/plain', 'application/json')
    @ApiBody({ description: 'the YAML (or JSON) source', schema: { type: 'string' } })
    async put(
      @Param('name') name: string,
      @Req() req: TextRequest,
      @CurrentPrincipal() principal: Principal | undefined,
    ) {
      const source = await sourceOf(req);
      return this.docs.publish({
        name,
        source,
        mode: 'upsert',
        ...(principal ? { actor: principal.name } : {}),
      });
    }

    @Roles('viewer')
    @Get()
    list(@ZodQuery(pageQuery) query: PageQuery) {
      return this.docs.list(query);
    }

    @Roles('viewer')
    @Get(':name')
    latest(@Param('name') name: string) {
      return this.docs.get(name);
    }

    @Roles('viewer')
    @Get(':name/versions')
    versions(@Param('name') name: string, @ZodQuery(pageQuery) query: PageQuery) {
      return this.docs.history(name, query);
    }

    @Roles('viewer')
    @Get(':name/versions/:version')
    version(@Param('name') name: string, @Param('version') version: string) {
      const n = versionParam.safeParse(version);
      if (!n.success) {
        throw new AppError('BAD_REQUEST', `version: must be a positive integer, got "${version}"`, [
          { path: 'version', message: 'must be a positive integer' },
        ]);
      }
      return this.docs.get(name, n.data);
    }

    @Roles('planner')
    @Delete(':name')
    async remove(@Param('name') name: string) {
      if (!(await this.docs.delete(name))) {
        throw new AppError('NOT_FOUND', `${this.docs.kind.label} ${name} not found`);
      }
      return { id: name, deleted: true };
    }
  }
  // Distinct class names keep OpenAPI operation ids and Nest's logs apart.
  Object.defineProperty(DocumentsController, 'name', { value: className });
  return DocumentsController;
}

export const RulesetsController = documentsController(
  'rulesets',
  RulesetRepository,
  'RulesetsController',
);
export const TargetSetsController = documentsController(
  'targets',
  TargetSetRepository,
  'TargetSetsController',
);
