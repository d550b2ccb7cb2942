import { Controller, Get } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from 'mongoose';
import { PlatformContext } from '../app/platform-context';
import { Public } from '../auth/roles';
import type { ErrorDetail } from '@vplan/contracts';
import { AppError } from '../errors/app-error';

const MONGO_PING_TIMEOUT_MS = 2000;

/** Liveness and readiness probes: public, no token (Kubernetes probes carry none). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly ctx: PlatformContext,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'NATS is connected and MongoDB answers a ping; 503 names what failed' })
  async ready(): Promise<{ status: 'ready'; checks: { nats: 'up'; mongodb: 'up' } }> {
    const failed: ErrorDetail[] = [];
    if (!this.ctx.link.connected) failed.push({ path: 'nats', message: 'not connected' });
    const mongo = await this.pingMongo();
    if (mongo) failed.push({ path: 'mongodb', message: mongo });
    if (failed.length) {
      throw new AppError(
        'UNAVAILABLE',
        `not ready: ${failed.map((f) => f.path).join(', ')}`,
        failed,
      );
    }
    return { status: 'ready', checks: { nats: 'up', mongodb: 'up' } };
  }

  /** Undefined when MongoDB answered, else why not. */
  private async pingMongo(): Promise<string | undefined> {
    const db = this.connection.db;
    if (!db || this.connection.readyState !== 1) return 'not connected';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`no answer to ping within ${MONGO_PING_TIMEOUT_MS} ms`),
        MONGO_PING_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([db.command({ ping: 1 }).then(() => undefined), timeout]);
    } catch {
      return 'ping failed';
    } finally {
      clearTimeout(timer);
    }
  }
}
