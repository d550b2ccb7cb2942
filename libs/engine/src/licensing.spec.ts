import { makeAsset } from '@vplan/domain';
import { assetLicences, hostLicences, licensedCores } from './licensing';

describe('licensedCores', () => {
  it('licenses every core, at least 8 per processor and 16 per server', () => {
    expect(licensedCores(16, 2)).toBe(16); // 2 × 8-core sockets
    expect(licensedCores(12, 1)).toBe(16);
    expect(licensedCores(40, 2)).toBe(40); // 2 × 20
    expect(licensedCores(24, 4)).toBe(32); // 4 × 6-core: 8 per processor
    expect(licensedCores(8)).toBe(16);
  });
});

describe('hostLicences', () => {
  const win = makeAsset('w', { technical: { osFamily: 'windows' } });
  const sqlWin = makeAsset('s', {
    technical: { osFamily: 'windows', osVersion: 'Microsoft Windows Server 2019 (64-bit)' },
    business: { application: 'Microsoft SQL Server 2019' },
  });
  const sqlLinux = makeAsset('l', {
    technical: { osFamily: 'linux' },
    business: { licences: ['sql-server'] },
  });
  const linux = makeAsset('x', { technical: { osFamily: 'linux', osVersion: 'Ubuntu 22.04' } });

  it('needs Windows Datacenter for a Windows guest and both for SQL Server on Windows', () => {
    expect([...assetLicences(win)]).toEqual(['windows-datacenter']);
    expect([...assetLicences(sqlWin)].sort()).toEqual(['sql-server', 'windows-datacenter']);
    expect([...assetLicences(sqlLinux)]).toEqual(['sql-server']);
    expect(assetLicences(linux).size).toBe(0);
  });

  it('licenses the host for the union of its VMs', () => {
    expect([...hostLicences([linux, sqlLinux, win])].sort()).toEqual([
      'sql-server',
      'windows-datacenter',
    ]);
    expect(hostLicences([linux]).size).toBe(0);
  });
});
