export * from './host-facts';
export * from './peripherals';
export * from './facts-assets';
export * from './group-machines';
export { parseFactsJson } from './facts/facts-json';
export { parseDmidecode } from './dmidecode/dmidecode';
export { parseLscpu } from './lscpu/lscpu';
export { parseNmapXml } from './nmap/nmap-xml';
export { parseSnmpWalk } from './snmp/snmp-walk';
