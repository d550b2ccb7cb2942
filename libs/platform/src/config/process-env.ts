/**
 * The one place the platform reads the process environment. Services are the process
 * edge; the platform is the part of every service that boots it, so it reads the
 * environment here on their behalf (tests pass their own `env` to `loadConfig` instead).
 */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  // eslint-disable-next-line no-restricted-globals -- see above: the services' boot edge
  return process.env;
}
