import { children } from './soap-xml';
import { parseSoapReply } from './soap-xml';
import { objectContent } from './property-collector';
import { inventoryOf } from './vsphere-inventory';

// A RetrievePropertiesEx reply as a real vCenter 7 writes it (xsi prefix, standard and
// distributed port groups, guest addresses, an admission control policy), cut to what matters.
const X = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const prop = (name: string, val: string): string => `<propSet><name>${name}</name>${val}</propSet>`;
const str = (name: string, text: string): string =>
  prop(name, `<val xsi:type="xsd:string">${text}</val>`);
const ref = (name: string, type: string, value: string): string =>
  prop(name, `<val xsi:type="ManagedObjectReference" type="${type}">${value}</val>`);
const obj = (type: string, value: string, props: string): string =>
  `<objects><obj type="${type}">${value}</obj>${props}</objects>`;

const REPLY =
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ${X}><soapenv:Body>` +
  '<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval>' +
  obj('Datacenter', 'datacenter-1', str('name', 'Paris') + ref('parent', 'Folder', 'group-d1')) +
  obj('Folder', 'group-h4', str('name', 'host') + ref('parent', 'Datacenter', 'datacenter-1')) +
  obj(
    'ClusterComputeResource',
    'domain-c8',
    str('name', 'Prod') +
      ref('parent', 'Folder', 'group-h4') +
      prop('configurationEx.dasConfig.enabled', '<val xsi:type="xsd:boolean">true</val>') +
      prop(
        'configurationEx.dasConfig.admissionControlEnabled',
        '<val xsi:type="xsd:boolean">true</val>',
      ) +
      prop(
        'configurationEx.dasConfig.admissionControlPolicy',
        '<val xsi:type="ClusterFailoverLevelAdmissionControlPolicy"><failoverLevel>2</failoverLevel></val>',
      ),
  ) +
  obj(
    'HostSystem',
    'host-10',
    str('name', 'esx01.example.com') +
      ref('parent', 'ClusterComputeResource', 'domain-c8') +
      prop(
        'hardware.systemInfo',
        '<val xsi:type="HostSystemInfo"><vendor>Dell Inc.</vendor><model>PowerEdge R740</model><uuid>4c4c4544-0042-3610-8052-b4c04f4e4d32</uuid>' +
          '<otherIdentifyingInfo><identifierValue>ABC1234</identifierValue><identifierType><label>Service tag</label><summary>x</summary><key>ServiceTag</key></identifierType></otherIdentifyingInfo>' +
          '<otherIdentifyingInfo><identifierValue>CN7016</identifierValue><identifierType><label>Serial</label><summary>x</summary><key>SerialNumberTag</key></identifierType></otherIdentifyingInfo></val>',
      ) +
      prop(
        'summary.hardware',
        '<val xsi:type="HostHardwareSummary"><memorySize>412316860416</memorySize><cpuModel>Intel(R) Xeon(R) Gold 6248   CPU @ 2.50GHz</cpuModel>' +
          '<cpuMhz>2494</cpuMhz><numCpuPkgs>2</numCpuPkgs><numCpuCores>40</numCpuCores><numCpuThreads>80</numCpuThreads></val>',
      ),
  ) +
  obj('Network', 'network-12', str('name', 'VM Network')) +
  obj('DistributedVirtualPortgroup', 'dvportgroup-20', str('name', 'prod-vlan-20')) +
  obj(
    'VirtualMachine',
    'vm-100',
    str('name', 'billing-db') +
      str('config.uuid', '42 1c 5b 32') +
      str('config.instanceUuid', '501c8f2a-aaaa-bbbb-cccc-0123456789ab') +
      prop('config.hardware.numCPU', '<val xsi:type="xsd:int">8</val>') +
      prop('config.hardware.memoryMB', '<val xsi:type="xsd:int">32768</val>') +
      prop(
        'config.hardware.device',
        '<val xsi:type="ArrayOfVirtualDevice">' +
          '<VirtualDevice xsi:type="VirtualDisk"><key>2000</key><deviceInfo><label>Hard disk 1</label><summary>x</summary></deviceInfo><capacityInKB>104857600</capacityInKB></VirtualDevice>' +
          '<VirtualDevice xsi:type="VirtualDisk"><key>2001</key><deviceInfo><label>Hard disk 2</label><summary>x</summary></deviceInfo><capacityInKB>52428800</capacityInKB></VirtualDevice>' +
          '<VirtualDevice xsi:type="VirtualVmxnet3"><key>4000</key><deviceInfo><label>Network adapter 1</label><summary>x</summary></deviceInfo>' +
          '<backing xsi:type="VirtualEthernetCardNetworkBackingInfo"><deviceName>VM Network</deviceName><network type="Network">network-12</network></backing><macAddress>00:50:56:AB:CD:01</macAddress></VirtualDevice>' +
          '<VirtualDevice xsi:type="VirtualVmxnet3"><key>4001</key><deviceInfo><label>Network adapter 2</label><summary>x</summary></deviceInfo>' +
          '<backing xsi:type="VirtualEthernetCardDistributedVirtualPortBackingInfo"><port><switchUuid>50 1c</switchUuid><portgroupKey>dvportgroup-20</portgroupKey></port></backing><macAddress>00:50:56:ab:cd:02</macAddress></VirtualDevice>' +
          '</val>',
      ) +
      str('config.guestFullName', 'Red Hat Enterprise Linux 8 (64-bit)') +
      str('config.annotation', 'Owner: R&amp;D &lt;dba@example.com&gt;') +
      prop('config.template', '<val xsi:type="xsd:boolean">false</val>') +
      str('guest.hostName', 'billing-db.example.com') +
      str('guest.ipAddress', '10.0.20.15') +
      prop(
        'guest.net',
        '<val xsi:type="ArrayOfGuestNicInfo"><GuestNicInfo><network>prod-vlan-20</network><ipAddress>10.0.20.15</ipAddress><ipAddress>fe80::250:56ff:feab:cd02</ipAddress>' +
          '<macAddress>00:50:56:ab:cd:02</macAddress><connected>true</connected><deviceConfigId>4001</deviceConfigId></GuestNicInfo></val>',
      ) +
      prop('runtime.powerState', '<val xsi:type="VirtualMachinePowerState">poweredOn</val>') +
      ref('runtime.host', 'HostSystem', 'host-10'),
  ) +
  '</returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>';

function inventory() {
  const parsed = parseSoapReply(REPLY, 'RetrievePropertiesEx');
  if (!parsed.ok) throw new Error('expected a response');
  const objects = children(children(parsed.response, 'returnval')[0], 'objects').map(objectContent);
  return inventoryOf(objects, 'https://vc.example.com/sdk');
}

describe('inventoryOf', () => {
  it('reads a cluster with HA, its admission control policy and datacenter', () => {
    expect(inventory().clusters).toEqual([
      {
        ref: 'domain-c8',
        name: 'Prod',
        datacenter: 'Paris',
        haEnabled: true,
        admissionControl: true,
        failoverLevel: 2,
        admissionControlPolicy: 'ClusterFailoverLevelAdmissionControlPolicy',
        hosts: ['esx01.example.com'],
      },
    ]);
    expect(inventory().datacenters).toEqual(['Paris']);
  });

  it('reads a host: system UUID, serial number, CPU and memory from the summary', () => {
    const [host] = inventory().hosts;
    expect(host).toEqual({
      source: { kind: 'vsphere', target: 'https://vc.example.com/sdk' },
      where: 'https://vc.example.com/sdk host-10',
      assetKind: 'hypervisor',
      identity: {
        biosUuid: '4c4c4544-0042-3610-8052-b4c04f4e4d32',
        serial: 'CN7016',
        hostname: 'esx01.example.com',
      },
      hardware: {
        vendor: 'Dell Inc.',
        model: 'PowerEdge R740',
        cpuModel: 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz',
        sockets: 2,
        cores: 40,
        threads: 80,
        cpuMhz: 2494,
        memoryGiB: 384,
      },
      warnings: [],
      ref: 'host-10',
      cluster: 'Prod',
      datacenter: 'Paris',
    });
  });

  it('reads a VM: UUIDs, vCPUs as cores, memory, disks, MACs, guest names and addresses', () => {
    const { vms, vmDetails, placement } = inventory();
    expect(vms[0]).toMatchObject({
      identity: {
        biosUuid: '42 1c 5b 32',
        vmUuid: '501c8f2a-aaaa-bbbb-cccc-0123456789ab',
        macs: ['00:50:56:ab:cd:01', '00:50:56:ab:cd:02'],
        hostname: 'billing-db',
        fqdn: 'billing-db.example.com',
        ips: ['10.0.20.15', 'fe80::250:56ff:feab:cd02'],
      },
      hardware: { cores: 8, memoryGiB: 32, diskGiB: 150, virtualization: 'vmware' },
      os: { family: 'linux', version: 'Red Hat Enterprise Linux 8 (64-bit)' },
      warnings: [],
      name: 'billing-db',
      powerState: 'poweredOn',
      template: false,
      hostRef: 'host-10',
    });
    expect(vms[0]?.interfaces).toEqual([
      { name: 'Network adapter 1', mac: '00:50:56:ab:cd:01' },
      {
        name: 'Network adapter 2',
        mac: '00:50:56:ab:cd:02',
        ips: ['10.0.20.15', 'fe80::250:56ff:feab:cd02'],
      },
    ]);
    expect(vmDetails[0]).toMatchObject({
      vm: 'billing-db',
      annotation: 'Owner: R&D <dba@example.com>',
      memoryMB: 32768,
      vCpus: 8,
      portGroups: ['VM Network', 'prod-vlan-20'],
      disks: [
        { label: 'Hard disk 1', capacityGiB: 100 },
        { label: 'Hard disk 2', capacityGiB: 50 },
      ],
    });
    expect(placement).toEqual([{ vm: 'billing-db', host: 'esx01.example.com', cluster: 'Prod' }]);
  });
});
