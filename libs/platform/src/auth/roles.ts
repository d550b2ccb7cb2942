import { SetMetadata } from '@nestjs/common';
import type { Role } from '@vplan/contracts';

/** Who made a call: from an API key, a JWT, or the internal NATS network. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
  readonly via: 'api-key' | 'jwt';
}

export const ROLES_KEY = 'vplan:roles';
export const PUBLIC_KEY = 'vplan:public';

/**
 * The weakest role an endpoint (method or controller) needs; stronger roles pass too.
 * Without it, any authenticated principal (viewer and up) may call the endpoint.
 */
export const Roles = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, role);

/** Marks an endpoint as reachable without a token (health probes only). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
