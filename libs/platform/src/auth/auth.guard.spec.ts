import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ROLES, type Role } from '@vplan/contracts';
import pino from 'pino';
import { PlatformContext } from '../app/platform-context';
import { loadConfig } from '../config/config';
import { AppError } from '../errors/app-error';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthGuard } from './auth.guard';
import { Public, Roles } from './roles';
import { TokenVerifier } from './token-verifier';

const tokenOf = (role: Role): string => `${role}-token-0123456789`;
const config = loadConfig(undefined, {
  VPLAN_API_KEYS: ROLES.map((r) => `${tokenOf(r)}:${r}:${r}-user`).join(','),
});

@Roles('operator')
@Controller('things')
class ThingsController {
  @Get()
  list(): void {}

  @Roles('planner')
  @Get('plan')
  plan(): void {}

  @Roles('admin')
  @Get('purge')
  purge(): void {}

  @Public()
  @Get('open')
  open(): void {}
}

@Controller('plain')
class PlainController {
  @Get()
  read(): void {}
}

const guard = new AuthGuard(new Reflector(), new TokenVerifier(config.apiKeys, undefined), {
  logger: pino({ level: 'silent' }),
} as unknown as PlatformContext);

async function call(
  controller: new () => object,
  method: string,
  authorization?: string,
): Promise<AuthenticatedRequest | AppError> {
  const req: AuthenticatedRequest = { headers: { authorization } };
  const handler = (controller.prototype as Record<string, () => void>)[method];
  if (!handler) throw new Error(`no method ${method}`);
  const ctx = new ExecutionContextHost([req, {}, () => undefined], controller, handler);
  ctx.setType('http');
  try {
    await guard.canActivate(ctx);
    return req;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

const codeOf = (r: AuthenticatedRequest | AppError): string =>
  r instanceof AppError ? r.code : 'allowed';

describe('AuthGuard', () => {
  it('answers UNAUTHORIZED without a token or with an unknown one', async () => {
    expect(codeOf(await call(ThingsController, 'list'))).toBe('UNAUTHORIZED');
    expect(codeOf(await call(ThingsController, 'list', 'Bearer nope-nope-nope-nope'))).toBe(
      'UNAUTHORIZED',
    );
    expect(codeOf(await call(ThingsController, 'list', tokenOf('admin')))).toBe('UNAUTHORIZED');
  });

  it('orders roles viewer < operator < planner < admin, method over controller', async () => {
    const outcomes: Record<string, string[]> = {};
    for (const method of ['list', 'plan', 'purge']) {
      outcomes[method] = [];
      for (const role of ROLES) {
        outcomes[method].push(
          codeOf(await call(ThingsController, method, `Bearer ${tokenOf(role)}`)),
        );
      }
    }
    expect(outcomes).toEqual({
      list: ['FORBIDDEN', 'allowed', 'allowed', 'allowed'],
      plan: ['FORBIDDEN', 'FORBIDDEN', 'allowed', 'allowed'],
      purge: ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'allowed'],
    });
  });

  it('lets any authenticated role through an endpoint without @Roles', async () => {
    const req = await call(PlainController, 'read', `Bearer ${tokenOf('viewer')}`);
    expect(req).not.toBeInstanceOf(AppError);
    expect((req as AuthenticatedRequest).principal).toEqual({
      name: 'viewer-user',
      role: 'viewer',
      via: 'api-key',
    });
  });

  it('lets anyone through a @Public endpoint', async () => {
    expect(codeOf(await call(ThingsController, 'open'))).toBe('allowed');
  });
});
