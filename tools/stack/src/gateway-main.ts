import { createGateway, type Routes } from './gateway';

export interface GatewayArgs {
  port: number;
  routes: Routes;
}

/** `--port <n> --route <service>=<port|>` …; an empty port: the service is not running. */
export function parseGatewayArgs(argv: readonly string[]): GatewayArgs {
  let port: number | undefined;
  const routes: Routes = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`gateway: ${flag} needs a value`);
    if (flag === '--port') {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`gateway: --port ${value} is not a port number`);
      }
    } else if (flag === '--route') {
      const match = /^([a-z][a-z0-9-]*)=(\d*)$/.exec(value);
      if (!match)
        throw new Error(`gateway: --route ${value}: expected <service>=<port> or <service>=`);
      routes[match[1] as string] = match[2] === '' ? undefined : Number(match[2]);
    } else {
      throw new Error(`gateway: unknown option ${flag}; use --port <n> --route <service>=<port|>`);
    }
  }
  if (port === undefined) throw new Error('gateway: --port is required');
  return { port, routes };
}

export function gatewayMain(argv: readonly string[]): void {
  const args = parseGatewayArgs(argv);
  const server = createGateway({ routes: args.routes });
  server.on('error', (error) => {
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(args.port, '127.0.0.1', () => {
    process.stdout.write(
      `gateway listening on http://127.0.0.1:${args.port} ${JSON.stringify(args.routes)}\n`,
    );
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
