// The test harness is an edge by nature: it reads NATS_URL/MONGODB_URI, publishes the
// peers it starts through the environment (so jest workers and the services under test
// see them) and stops its children when the process exits. All of that goes through this
// one module so the rest of the lib stays free of the `process` global.
import process from 'node:process';

export const hostProcess = process;

/** An environment variable, or undefined when unset or empty. */
export function readEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function writeEnv(name: string, value: string): void {
  process.env[name] = value;
}
