// Test harness: real NATS and a real MongoDB-wire server, never mocks of them.
export { ensurePeers, stopStartedPeers, type Peers } from './peers';
export { eventually, type EventuallyOptions } from './eventually';
export { uniquePrefix } from './unique-prefix';
export { dropDatabase, deleteStreams } from './cleanup';

// Building blocks shared with the dev stack (tools/stack).
export {
  DEFAULT_MONGODB_URI,
  DEFAULT_NATS_URL,
  probeMongo,
  probeNats,
  type ProbeOptions,
  type ProbeResult,
} from './probes';
export {
  NATS_SERVER_MISSING,
  findNatsServer,
  startNatsServer,
  type StartNatsOptions,
  type StartedNats,
} from './nats-server';
export {
  FERRETDB_BUILD_SCRIPT,
  buildFerretdb,
  startFerretdb,
  type StartFerretdbOptions,
  type StartedFerretdb,
} from './ferretdb';
export {
  commandLine,
  freePort,
  isAlive,
  isPortFree,
  killNow,
  spawnLogged,
  stopPid,
  tailFile,
  waitReady,
  type LoggedProcess,
  type SpawnLoggedOptions,
  type StopOptions,
  type WaitReadyOptions,
} from './processes';
export { dataDir, errorMessage, redactUrl, repoRoot } from './paths';
export { SSHD_MISSING, startSshd, type StartSshdOptions, type StartedSshd } from './sshd';

// The real data sets (acceptance tests only) and files in their formats from generated estates.
export { DATASETS_VARIABLE, datasetPath, datasetsDir, datasetsProblem } from './datasets';
export {
  BITBRAINS_HEADER,
  bitbrainsText,
  pickAssets,
  planetLabText,
  writeBitbrainsTraces,
  writePlanetLabTraces,
  type BitbrainsFileOptions,
  type TraceFileOptions,
} from './trace-files';
export { startSynDropListener, type SynDropListener } from './syn-drop-listener';
export {
  SNMPD_MISSING,
  findSnmpd,
  freeUdpPort,
  startSnmpd,
  type StartSnmpdOptions,
  type StartedSnmpd,
} from './snmpd';
export {
  NODE_EXPORTER_COLLECTORS,
  NODE_EXPORTER_MISSING,
  PROMETHEUS_MISSING,
  findNodeExporter,
  findPrometheus,
  startNodeExporter,
  startPrometheus,
  waitForScrape,
  type StartNodeExporterOptions,
  type StartPrometheusOptions,
  type StartedHttpPeer,
} from './prometheus';
export {
  VCSIM_BUILD_SCRIPT,
  buildVcsim,
  startVcsim,
  type StartVcsimOptions,
  type StartedVcsim,
} from './vcsim';
