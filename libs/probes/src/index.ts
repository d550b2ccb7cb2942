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
export {
  probePrometheus,
  type PrometheusProbeOptions,
  type PrometheusProbeResult,
} from './prometheus/prometheus-probe';
export { PrometheusProbeError, type PrometheusProbeStage } from './prometheus/prometheus-api';
export type { PrometheusSample } from './prometheus/prometheus-samples';
export {
  probeVsphere,
  readInventory,
  type VsphereProbeOptions,
  type VsphereProbeResult,
} from './vsphere/vsphere-probe';
export {
  withVsphereSession,
  type ServiceContent,
  type VsphereCredential,
  type VsphereSession,
  type VsphereSessionOptions,
  type VsphereTarget,
} from './vsphere/vsphere-session';
export { VsphereProbeError, type VsphereProbeStage } from './vsphere/soap-client';
export type {
  VsphereCluster,
  VsphereHostFacts,
  VsphereInventory,
  VspherePlacement,
} from './vsphere/vsphere-inventory';
export type {
  VsphereDisk,
  VsphereNic,
  VsphereVmDetail,
  VsphereVmFacts,
} from './vsphere/vsphere-vm';
export {
  PERF_INTERVAL_SECONDS,
  perfHistory,
  type PerfHistoryOptions,
  type VspherePerfSample,
} from './vsphere/vsphere-perf';
export {
  discoverEstate,
  DiscoverRequestError,
  machinesOf,
  readingsOfLoad,
  SNMP_EVERY_ADDRESS_MAX,
} from './discover/discover-estate';
export type {
  DiscoveredMachine,
  DiscoverOptions,
  DiscoverProbe,
  DiscoverProblem,
  DiscoverProgress,
  DiscoverRequest,
  DiscoverResult,
  ProbeReadings,
} from './discover/discover-types';
export type { PrometheusSource, VcenterSource } from './discover/discover-managers';
export {
  GRID_SECONDS,
  gridSamples,
  type GridMetric,
  type GridSample,
  type ProbeReading,
} from './discover/grid-samples';
export {
  KUBERNETES_MAX_NODES,
  KUBERNETES_MAX_PODS,
  probeKubernetes,
  type KubernetesProbeOptions,
  type KubernetesProbeResult,
} from './kubernetes/kubernetes-probe';
export type { KubernetesSource } from './kubernetes/kubernetes-config';
export { KubernetesProbeError, type KubernetesProbeStage } from './kubernetes/kubernetes-error';
export { nodesToFacts, type KubeNode, type KubeOrigin } from './kubernetes/kubernetes-facts';
export { podRequests, type KubeContainer, type KubePod } from './kubernetes/pod-requests';
export { parseQuantity } from './kubernetes/quantity';
