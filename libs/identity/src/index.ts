export * from './observation';
export { reconcile } from './reconcile';
export { normalizeUuid, sameUuid, swapUuid } from './uuid';
export { JUNK_SERIALS, usableSerial } from './serial';
export {
  classifyMac,
  POOLED_MAC_PREFIXES,
  RESERVED_MAC_PREFIXES,
  usableMac,
  VIRTUAL_MAC_PREFIXES,
  type MacClass,
  type MacPrefix,
  type UsableMacOptions,
} from './mac';
export {
  normalizeFqdn,
  normalizeIp,
  normalizeSshHostKey,
  shortHostname,
  type SshHostKey,
} from './names';
export { resolveConflicts, type ResolvedValue, type SourcedValue } from './resolve-conflicts';
