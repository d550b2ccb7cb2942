import {
  diskGiBOf,
  dmiValueOf,
  hostNameOf,
  interfacesOf,
  listeningOf,
  memoryGiBOf,
  memoryUsedGiBOf,
  osOf,
  parseMeminfo,
  parseOsRelease,
  pciDevicesOf,
  usbDevicesOf,
} from './ssh-outputs';
import { peripheralsOf } from '../peripherals';

describe('SSH command outputs', () => {
  it('reads the OS from uname -srm and os-release', () => {
    const release = parseOsRelease(
      'NAME="Red Hat Enterprise Linux"\nVERSION_ID="8.9"\nPRETTY_NAME="Red Hat Enterprise Linux 8.9 (Ootpa)"\nID=rhel\n',
    );
    expect(osOf('Linux 4.18.0-513.el8.x86_64 x86_64', release)).toEqual({
      family: 'linux',
      version: 'Red Hat Enterprise Linux 8.9 (Ootpa)',
      kernel: '4.18.0-513.el8.x86_64',
    });
    expect(osOf('SunOS 5.11 i86pc', new Map())).toEqual({ family: 'solaris', kernel: '5.11' });
    expect(osOf(undefined, parseOsRelease('NAME=Alpine\nVERSION_ID=3.19\n'))).toEqual({
      version: 'Alpine 3.19',
    });
  });

  it('takes a host name only when the output is one', () => {
    expect(hostNameOf('db01.example.com\n')).toBe('db01.example.com');
    expect(hostNameOf('hostname: Name or service not known')).toBeUndefined();
    expect(hostNameOf('')).toBeUndefined();
  });

  it('reads MemTotal and memory in use from /proc/meminfo', () => {
    const meminfo = parseMeminfo(
      'MemTotal:       16384000 kB\nMemFree:         1024000 kB\nMemAvailable:    8192000 kB\nHugePages_Total:       0\n',
    );
    expect(memoryGiBOf(meminfo)).toBeCloseTo(15.625, 6);
    expect(memoryUsedGiBOf(meminfo)).toBeCloseTo(7.8125, 6);
    const old = parseMeminfo(
      'MemTotal: 2097152 kB\nMemFree: 524288 kB\nBuffers: 0 kB\nCached: 524288 kB\n',
    );
    expect(memoryUsedGiBOf(old)).toBeCloseTo(1, 6);
  });

  it('sums whole disks of lsblk -J, leaving out zram and loop devices', () => {
    const text = JSON.stringify({
      blockdevices: [
        { name: 'zram0', size: 8_589_934_592, type: 'disk' },
        { name: 'sda', size: 107_374_182_400, type: 'disk' },
        { name: 'nvme0n1', size: '214748364800', type: 'disk' },
        { name: 'sr0', size: 1_073_741_824, type: 'rom' },
        { name: 'loop0', size: 1_000_000, type: 'loop' },
      ],
    });
    expect(diskGiBOf(text)).toBe(300);
    expect(diskGiBOf('lsblk: unknown column')).toBeUndefined();
  });

  it('reads interfaces from ip -j addr without loopback and link-local addresses', () => {
    const text = JSON.stringify([
      {
        ifname: 'lo',
        link_type: 'loopback',
        address: '00:00:00:00:00:00',
        addr_info: [{ local: '127.0.0.1' }],
      },
      {
        ifname: 'ens192',
        link_type: 'ether',
        address: '00:50:56:AB:CD:EF',
        addr_info: [
          { local: '10.1.2.3' },
          { local: 'fe80::250:56ff:feab:cdef' },
          { local: '2001:db8::5' },
        ],
      },
      { ifname: 'tun0', link_type: 'none', addr_info: [{ local: '10.8.0.1' }] },
    ]);
    expect(interfacesOf(text)).toEqual([
      { name: 'ens192', mac: '00:50:56:ab:cd:ef', ips: ['10.1.2.3', '2001:db8::5'] },
      { name: 'tun0', ips: ['10.8.0.1'] },
    ]);
    expect(interfacesOf('not json')).toEqual([]);
  });

  it('names USB and PCI devices so that peripherals are recognised', () => {
    const usb = usbDevicesOf(
      'Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\nBus 001 Device 003: ID 0529:0001 Aladdin Knowledge Systems HASP copy protection dongle\n',
    );
    const pci = pciDevicesOf(
      '00:00.0 "Host bridge" "Intel Corporation" "440FX - 82441FX PMC [Natoma]" -r02 "" ""\n' +
        '0b:00.0 "Fibre Channel" "QLogic Corp." "ISP2532-based 8Gb Fibre Channel to PCI Express HBA" -r02 "HP" "8Gb FC HBA"\n' +
        '3b:00.0 "3D controller" "NVIDIA Corporation" "GA100 [A100 PCIe 40GB]" -ra1 "NVIDIA Corporation" "Device 145f"\n',
    );
    expect(usb).toEqual(['Aladdin Knowledge Systems HASP copy protection dongle']);
    expect(pci).toEqual([
      'Fibre Channel: QLogic Corp. ISP2532-based 8Gb Fibre Channel to PCI Express HBA',
      '3D controller: NVIDIA Corporation GA100 [A100 PCIe 40GB]',
    ]);
    expect(peripheralsOf([...usb, ...pci])).toEqual(['fc-hba', 'gpu', 'usb-dongle']);
  });

  it('lists each listening TCP port of ss -Htln once', () => {
    const text =
      'LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n' +
      'LISTEN 0      128             [::]:22           [::]:*\n' +
      'LISTEN 0      4096   127.0.0.53%lo:53        0.0.0.0:*\n' +
      'LISTEN 0      511                *:443             *:*\n';
    expect(listeningOf(text)).toEqual([
      { port: 22, protocol: 'tcp' },
      { port: 53, protocol: 'tcp' },
      { port: 443, protocol: 'tcp' },
    ]);
  });

  it('drops firmware placeholders from /sys/class/dmi values', () => {
    expect(dmiValueOf('PowerEdge R740\n')).toBe('PowerEdge R740');
    expect(dmiValueOf('To be filled by O.E.M.\n')).toBeUndefined();
    expect(dmiValueOf('')).toBeUndefined();
  });
});
