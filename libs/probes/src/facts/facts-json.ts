import { formatFailure, type FormatResult } from '@vplan/formats';
import type { HostFacts } from '../host-facts';
import { ansibleFacts, isAnsible } from './ansible-facts';
import { facterFacts, isFacter } from './facter-facts';
import { jsonSyntaxIssue, lineLocator, topLevelOffsets } from './json-text';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFacts = (v: unknown): v is Json =>
  isObject(v) && (isAnsible(v) || isFacter(v) || isPuppetFacts(v));
/** `puppet facts` prints `{"name": "host", "values": {…facts}}`. */
const isPuppetFacts = (v: Json): boolean =>
  typeof v['name'] === 'string' && isObject(v['values']) && isFacter(v['values']);

/**
 * Reads machine facts exported as JSON into one {@link HostFacts} (kind `facts`) per host:
 * `facter --json` (legacy flat keys and facter 3/4 structured facts), `puppet facts`,
 * Ansible facts (`setup` output with `ansible_facts`, a fact-cache file of `ansible_*`
 * keys, or `ansible_facts` without the prefix), a JSON object mapping host names to any of
 * these, or an array of them. Refuses invalid JSON at the line and column where it breaks,
 * and any other shape at 1:1.
 */
export function parseFactsJson(text: string, file: string): FormatResult<HostFacts[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const issue = jsonSyntaxIssue(text) ?? { offset: 0, message: 'invalid JSON' };
    const { row, column } = lineLocator(text)(issue.offset);
    return formatFailure(file, row, column, issue.message);
  }
  const locate = lineLocator(text);
  const whereAt = (offset: number | undefined): string => `${file}:${locate(offset ?? 0).row}`;
  const one = (facts: Json, where: string, name?: string): HostFacts => {
    const values = isPuppetFacts(facts) ? (facts['values'] as Json) : facts;
    const host = name ?? (isPuppetFacts(facts) ? (facts['name'] as string) : undefined);
    return isAnsible(values)
      ? ansibleFacts(values, file, where, host)
      : facterFacts(values, file, where, host);
  };
  if (isFacts(doc)) return { ok: true, value: [one(doc, whereAt(firstNonBlank(text)))] };
  const offsets = Array.isArray(doc) || isObject(doc) ? topLevelOffsets(text) : [];
  if (Array.isArray(doc)) {
    const hosts: HostFacts[] = [];
    for (const [index, item] of doc.entries()) {
      if (!isFacts(item)) {
        const { row, column } = locate(offsets[index] ?? 0);
        return formatFailure(
          file,
          row,
          column,
          `element ${index + 1} is not a facter or Ansible facts object`,
        );
      }
      hosts.push(one(item, whereAt(offsets[index])));
    }
    return { ok: true, value: hosts };
  }
  if (isObject(doc)) {
    const members = Object.entries(doc);
    // duplicate keys make JSON.parse keep the last one: offsets then no longer line up
    const aligned = offsets.length === members.length;
    if (members.length > 0 && members.some(([, v]) => isFacts(v))) {
      const hosts: HostFacts[] = [];
      for (const [index, [name, value]] of members.entries()) {
        const at = aligned ? offsets[index] : undefined;
        if (!isFacts(value)) {
          const { row, column } = locate(at ?? 0);
          return formatFailure(
            file,
            row,
            column,
            `host ${shown(name)} has no facter or Ansible facts`,
          );
        }
        hosts.push(one(value, whereAt(at), name));
      }
      return { ok: true, value: hosts };
    }
  }
  return formatFailure(
    file,
    1,
    1,
    'not facter or Ansible facts: expected facts (processors, networking, ansible_facts …), a map of host names to them, or an array of them',
  );
}

function firstNonBlank(text: string): number {
  const m = /\S/.exec(text);
  return m?.index ?? 0;
}

/** At most 60 characters, C0 controls escaped, quoted. */
function shown(text: string): string {
  const safe = text
    .slice(0, 60)
    .replace(
      /[\u0000-\u001f\u007f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  return `"${safe}${text.length > 60 ? '…' : ''}"`;
}
