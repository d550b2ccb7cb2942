import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '@vplan/platform';
import { keyringOf, loadDiscoveryConfig } from './config';

const KEY = randomBytes(32).toString('base64');

function problemsOf(env: Record<string, string>): string {
  try {
    loadDiscoveryConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadDiscoveryConfig', () => {
  it('fails fast naming VPLAN_DISCOVERY_KEY when it is missing', () => {
    expect(problemsOf({})).toMatch(
      /VPLAN_DISCOVERY_KEY: is required: the base64 of 32 random bytes/,
    );
  });

  it('refuses a malformed or short key without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    for (const bad of ['not base64 at all!!', short, `${KEY}AAAA`, 'c2VjcmV0LWtleS12YWx1ZQ==']) {
      const message = problemsOf({ VPLAN_DISCOVERY_KEY: bad });
      expect(message).toContain('VPLAN_DISCOVERY_KEY: must be the base64 of 32 random bytes');
      expect(message).not.toContain(bad);
    }
  });

  it('lists a bad previous key with the other bad variables', () => {
    const message = problemsOf({
      VPLAN_DISCOVERY_KEY: KEY,
      VPLAN_DISCOVERY_PREVIOUS_KEYS: `${randomBytes(32).toString('base64')}, nope`,
      PORT: 'x',
    });
    expect(message).toMatch(/^invalid configuration \(2 problems\)/);
    expect(message).toContain('VPLAN_DISCOVERY_PREVIOUS_KEYS: entry 2: must be');
    expect(message).toContain('PORT:');
  });

  it('gives a keyring whose keys never show in JSON or inspect', () => {
    const previous = randomBytes(32).toString('base64');
    const config = loadDiscoveryConfig({
      VPLAN_DISCOVERY_KEY: `${KEY}\n`,
      VPLAN_DISCOVERY_PREVIOUS_KEYS: previous,
    });
    const keyring = keyringOf(config);
    expect(keyring.keyIds).toHaveLength(2);
    for (const shown of [
      JSON.stringify(config),
      inspect(config, { depth: 9 }),
      JSON.stringify(keyring),
      inspect(keyring),
    ]) {
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(previous);
      expect(shown).not.toContain(Buffer.from(KEY, 'base64').toString('hex'));
    }
  });
});
