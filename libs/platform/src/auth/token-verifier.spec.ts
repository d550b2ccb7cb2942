import { loadConfig } from '../config/config';
import { signHs256 } from './hs256-jwt';
import { TokenVerifier, bearerToken } from './token-verifier';

const SECRET = 'a-jwt-secret-of-at-least-32-characters!';
const config = loadConfig(undefined, {
  VPLAN_API_KEYS: 'operator-token-0123456789:operator:ops,admin-token-0123456789abc:admin',
  VPLAN_JWT_SECRET: SECRET,
});
const NOW_MS = Date.UTC(2025, 0, 1);
const NOW_S = NOW_MS / 1000;
const verifier = new TokenVerifier(config.apiKeys, config.jwtSecret, () => NOW_MS);

function jwt(claims: Record<string, unknown>, secret = SECRET, expiresInS = 300): string {
  return signHs256(
    { iat: NOW_S, exp: NOW_S + expiresInS, ...claims },
    new TextEncoder().encode(secret),
  );
}

/** A token with its header replaced (the signature no longer matters to the check). */
function withHeader(token: string, header: Record<string, unknown>): string {
  const [, body, signature] = token.split('.');
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${body}.${signature}`;
}

describe('TokenVerifier', () => {
  it('accepts a configured API key with its role and name', async () => {
    await expect(verifier.verify('operator-token-0123456789')).resolves.toEqual({
      ok: true,
      principal: { name: 'ops', role: 'operator', via: 'api-key' },
    });
    await expect(verifier.verify('admin-token-0123456789abc')).resolves.toMatchObject({
      ok: true,
      principal: { name: 'api-key-2', role: 'admin' },
    });
  });

  it('refuses an unknown token', async () => {
    await expect(verifier.verify('operator-token-0123456780')).resolves.toEqual({
      ok: false,
      reason: 'unknown token',
    });
  });

  it('accepts an HS256 JWT with sub and role', async () => {
    const token = jwt({ sub: 'alice', role: 'planner' });
    await expect(verifier.verify(token)).resolves.toEqual({
      ok: true,
      principal: { name: 'alice', role: 'planner', via: 'jwt' },
    });
  });

  it('refuses JWTs signed with another key, expired, not yet valid, or without role or sub', async () => {
    const admin = { sub: 'alice', role: 'admin' };
    const cases = [
      jwt(admin, 'another-secret-of-at-least-32-characters'),
      jwt(admin, SECRET, -120),
      jwt({ ...admin, nbf: NOW_S + 600 }),
      jwt({ sub: 'alice', role: 'root' }),
      jwt({ role: 'viewer' }),
      withHeader(jwt(admin), { alg: 'none' }),
      withHeader(jwt(admin), { alg: 'HS512' }),
      'abc.def.ghi',
    ];
    const reasons = await Promise.all(cases.map((t) => verifier.verify(t)));
    expect(reasons).toEqual([
      { ok: false, reason: 'jwt: signature verification failed' },
      { ok: false, reason: 'jwt: expired' },
      { ok: false, reason: 'jwt: not yet valid' },
      { ok: false, reason: 'jwt: claim "role" must be one of viewer, operator, planner, admin' },
      { ok: false, reason: 'jwt: claim "sub" is missing' },
      { ok: false, reason: 'jwt: algorithm must be HS256' },
      { ok: false, reason: 'jwt: algorithm must be HS256' },
      { ok: false, reason: 'jwt: malformed header' },
    ]);
  });

  it('refuses JWTs when no secret is configured', async () => {
    const noJwt = new TokenVerifier(config.apiKeys, undefined);
    const token = jwt({ sub: 'alice', role: 'admin' });
    await expect(noJwt.verify(token)).resolves.toEqual({ ok: false, reason: 'unknown token' });
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer authorization header only', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   xyz ')).toBe('xyz');
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
