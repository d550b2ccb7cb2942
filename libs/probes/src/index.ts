export * from './host-facts';
export * from './peripherals';
export * from './facts-assets';
export * from './group-machines';
export { parseFactsJson } from './facts/facts-json';
export { parseDmidecode } from './dmidecode/dmidecode';
export { parseLscpu } from './lscpu/lscpu';
export { parseNmapXml } from './nmap/nmap-xml';
export { parseSnmpWalk } from './snmp/snmp-walk';
export {
  DEFAULT_MAX_TARGETS,
  DEFAULT_SWEEP_PORTS,
  expandTargets,
  sweep,
  type ExpandOutcome,
  type SweepOptions,
} from './tcp/tcp-sweep';
export { probeSnmp, pollSnmpLoad, SNMP_PROBE_SUBTREES } from './snmp-probe/snmp-probe';
export {
  SnmpProbeError,
  type SnmpCredential,
  type SnmpProbeOptions,
  type SnmpProbeStage,
  type SnmpTarget,
} from './snmp-probe/snmp-session';
export {
  factsOfVarbinds,
  type SnmpLoadSample,
  type SnmpStorageUse,
  type SnmpVarbind,
} from './snmp-probe/snmp-varbinds';
export { probeSsh, type SshProbeOptions, type SshProbeResult } from './ssh/ssh-probe';
export { memoryHostKeyStore, hostKeyFingerprint, type HostKeyStore } from './ssh/host-key-store';
export { ProbeError, type ProbeStage } from './ssh/probe-error';
export type { SshCredential, SshTarget, HostKeyVerdict } from './ssh/ssh-connection';
export type { UsageSample } from './ssh/ssh-sample';
