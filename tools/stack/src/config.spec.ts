import path from 'node:path';
import { readStackConfig } from './config';
import { parseGatewayArgs } from './gateway-main';

describe('readStackConfig', () => {
  it('defaults to gateway 8080, services from 8081, all five services', () => {
    const result = readStackConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      gatewayPort: 8080,
      basePort: 8081,
      services: ['inventory', 'workloads', 'constraints', 'planning', 'discovery'],
      natsUrl: 'nats://127.0.0.1:4222',
      mongoUri: 'mongodb://127.0.0.1:27017',
      readyTimeoutMs: 120_000,
      graceMs: 10_000,
    });
    expect(path.basename(result.config.dataDir)).toBe('.data');
  });

  it('reads a subset of services in SERVICES order, "none", and treats blanks as unset', () => {
    const some = readStackConfig({
      VPLAN_STACK_SERVICES: 'planning, inventory',
      VPLAN_GATEWAY_PORT: '',
    });
    expect(some.ok && some.config.services).toEqual(['inventory', 'planning']);
    expect(some.ok && some.config.gatewayPort).toBe(8080);
    const none = readStackConfig({ VPLAN_STACK_SERVICES: 'none' });
    expect(none.ok && none.config.services).toEqual([]);
  });

  it('lists every bad variable with what is wrong', () => {
    const result = readStackConfig({
      VPLAN_GATEWAY_PORT: '80a',
      VPLAN_STACK_BASE_PORT: '70000',
      VPLAN_STACK_SERVICES: 'inventory,billing',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'VPLAN_GATEWAY_PORT: must be a whole number',
      'VPLAN_STACK_BASE_PORT: must be 65530 or less',
      expect.stringMatching(
        /^VPLAN_STACK_SERVICES: unknown service "billing"; use "none" or a comma list of inventory, /,
      ),
    ]);
  });
});

describe('parseGatewayArgs', () => {
  it('reads the port and the routes, an empty port meaning not running', () => {
    expect(
      parseGatewayArgs(['--port', '8080', '--route', 'inventory=8081', '--route', 'planning=']),
    ).toEqual({
      port: 8080,
      routes: { inventory: 8081, planning: undefined },
    });
  });

  it('names the bad argument', () => {
    expect(() => parseGatewayArgs(['--port', 'x'])).toThrow(
      'gateway: --port x is not a port number',
    );
    expect(() => parseGatewayArgs(['--port', '1', '--route', 'inventory'])).toThrow(
      'gateway: --route inventory: expected <service>=<port> or <service>=',
    );
    expect(() => parseGatewayArgs(['--route', 'a=1'])).toThrow('gateway: --port is required');
  });
});
