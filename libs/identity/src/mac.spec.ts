import { classifyMac, usableMac } from './mac';

describe('classifyMac', () => {
  it.each([
    ['3C:EC:EF:01:02:03', '3c:ec:ef:01:02:03', 'universal'],
    ['3c-ec-ef-01-02-03', '3c:ec:ef:01:02:03', 'universal'],
    ['3cec.ef01.0203', '3c:ec:ef:01:02:03', 'universal'],
    ['3cecef010203', '3c:ec:ef:01:02:03', 'universal'],
    ['00:50:56:12:34:56', '00:50:56:12:34:56', 'virtual'],
    ['00:0c:29:12:34:56', '00:0c:29:12:34:56', 'virtual'],
    ['00:15:5d:12:34:56', '00:15:5d:12:34:56', 'virtual'],
    ['00:25:b5:00:00:1f', '00:25:b5:00:00:1f', 'pooled'],
    ['00:17:a4:77:00:10', '00:17:a4:77:00:10', 'pooled'],
    ['00:00:5e:00:01:0a', '00:00:5e:00:01:0a', 'reserved'],
    ['00:00:0c:07:ac:01', '00:00:0c:07:ac:01', 'reserved'],
    ['52:54:00:12:34:56', '52:54:00:12:34:56', 'local'],
    ['02:42:ac:11:00:02', '02:42:ac:11:00:02', 'local'],
    ['ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff', 'multicast'],
    ['01:00:5e:00:00:fb', '01:00:5e:00:00:fb', 'multicast'],
    ['00:00:00:00:00:00', '00:00:00:00:00:00', 'zero'],
  ])('classifies %s as %s %s', (text, mac, kind) => {
    expect(classifyMac(text)).toEqual({ mac, class: kind });
  });

  it.each([['3c:ec:ef:01:02'], ['zz:ec:ef:01:02:03'], ['']])('refuses malformed %j', (text) => {
    expect(classifyMac(text)).toEqual({ class: 'invalid' });
  });
});

describe('usableMac', () => {
  it('keeps burnt-in addresses only, unless virtual ones are allowed', () => {
    expect(usableMac('3C-EC-EF-01-02-03')).toBe('3c:ec:ef:01:02:03');
    expect(usableMac('00:50:56:12:34:56')).toBeUndefined();
    expect(usableMac('00:50:56:12:34:56', { allowVirtual: true })).toBe('00:50:56:12:34:56');
    expect(usableMac('00:25:b5:00:00:1f', { allowVirtual: true })).toBeUndefined();
    expect(usableMac('ff:ff:ff:ff:ff:ff')).toBeUndefined();
    expect(usableMac(undefined)).toBeUndefined();
  });
});
