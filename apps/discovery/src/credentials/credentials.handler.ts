import { Controller } from '@nestjs/common';
import { DISCOVERY, type CredentialCreate } from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import type { PageQuery } from '../http/page-query';
import { CredentialsService } from './credentials.service';

/** NATS: the credential requests of `DISCOVERY` (no reply carries a secret). */
@Controller()
export class CredentialsHandler {
  constructor(private readonly credentials: CredentialsService) {}

  @HandleRequest(DISCOVERY.createCredential, { mutating: true })
  create(@ZodPayload(DISCOVERY.createCredential.request) req: CredentialCreate) {
    return this.credentials.create(req);
  }

  @HandleRequest(DISCOVERY.getCredential)
  get(@ZodPayload(DISCOVERY.getCredential.request) req: { id: string }) {
    return this.credentials.get(req.id);
  }

  @HandleRequest(DISCOVERY.listCredentials)
  list(@ZodPayload(DISCOVERY.listCredentials.request) req: PageQuery) {
    return this.credentials.list(req);
  }

  @HandleRequest(DISCOVERY.deleteCredential, { mutating: true })
  async delete(@ZodPayload(DISCOVERY.deleteCredential.request) req: { id: string }) {
    return { id: req.id, deleted: await this.credentials.delete(req.id) };
  }
}
