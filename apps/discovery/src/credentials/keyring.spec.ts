import { randomBytes } from 'node:crypto';
import { Keyring, decodeKey, keyIdOf } from './keyring';

const key = () => randomBytes(32);

describe('Keyring', () => {
  it('seals with AES-256-GCM under a fresh IV and opens what it sealed', () => {
    const ring = new Keyring(key());
    const a = ring.seal('hunter2', 'vplan-credential:1');
    const b = ring.seal('hunter2', 'vplan-credential:1');
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain('hunter2');
    expect(ring.open(a, 'vplan-credential:1')).toBe('hunter2');
  });

  it('refuses tampered data, another record and an unknown key', () => {
    const ring = new Keyring(key());
    const sealed = ring.seal('hunter2', 'vplan-credential:1');
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      ring.open({ ...sealed, data: flipped.toString('base64') }, 'vplan-credential:1'),
    ).toThrow();
    expect(() => ring.open(sealed, 'vplan-credential:2')).toThrow();
    expect(() => new Keyring(key()).open(sealed, 'vplan-credential:1')).toThrow(/not configured/);
  });

  it('opens secrets sealed before a rotation with the previous key', () => {
    const old = key();
    const sealed = new Keyring(old).seal('s3cret', 'c');
    const rotated = new Keyring(key(), [old]);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.open(sealed, 'c')).toBe('s3cret');
    expect(rotated.seal('s3cret', 'c').keyId).toBe(rotated.currentId);
    expect(sealed.keyId).toBe(keyIdOf(old));
  });
});

describe('decodeKey', () => {
  it('takes the base64 of exactly 32 bytes, with or without padding', () => {
    const k = key();
    expect(decodeKey(k.toString('base64'))).toEqual(k);
    expect(decodeKey(k.toString('base64').replace(/=+$/, ''))).toEqual(k);
    expect(decodeKey(randomBytes(31).toString('base64'))).toBeUndefined();
    expect(decodeKey(`${k.toString('base64')}x`)).toBeUndefined();
    expect(decodeKey('')).toBeUndefined();
  });
});
