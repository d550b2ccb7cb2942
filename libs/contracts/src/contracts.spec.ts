// The snapshot is the contract's reviewable record: update it (jest -u) only for a meant change.
import { z } from 'zod';
import { SERVICES } from './common';
import type { AnyContract } from './contract';
import {
  EVENT_SUBJECT,
  QUEUE_SUBJECT,
  REQUEST_SUBJECT,
  defineEvent,
  defineRequest,
} from './contract';
import { ALL_CONTRACTS, contractOf } from './registry';
import {
  STREAMS,
  STREAM_LIST,
  prefixed,
  prefixedStream,
  streamsOf,
  subjectMatches,
} from './streams';

function schemasOf(c: AnyContract): Record<string, unknown> {
  return c.kind === 'request'
    ? { request: jsonSchemaOf(c.request), response: jsonSchemaOf(c.response) }
    : { data: jsonSchemaOf(c.data) };
}

/** JSON Schema of a schema; a sub-schema used twice is written once under $defs. */
function jsonSchemaOf(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { reused: 'ref' });
}

describe('the contracts', () => {
  it('pin every subject, stream and schema', () => {
    expect({
      subjects: ALL_CONTRACTS.map((c) =>
        c.kind === 'request' ? `${c.kind} ${c.subject}` : `${c.kind} ${c.subject} → ${c.stream}`,
      ),
      streams: STREAMS,
    }).toMatchSnapshot();
    for (const c of ALL_CONTRACTS) expect(schemasOf(c)).toMatchSnapshot(c.subject);
  });

  it('name request subjects vplan.<service>.<entity>.<action>.v1', () => {
    const requests = ALL_CONTRACTS.filter((c) => c.kind === 'request');
    expect(requests.length).toBeGreaterThan(40);
    for (const c of requests) expect(c.subject).toMatch(REQUEST_SUBJECT);
  });

  it('name event subjects vplan.evt.<service>.<entity>.<past tense>.v1', () => {
    const events = ALL_CONTRACTS.filter((c) => c.kind === 'event');
    const publishers = new Set(events.map((c) => c.subject.split('.')[2]));
    expect([...publishers].sort()).toEqual([...SERVICES].sort());
    for (const c of events) {
      expect(c.subject).toMatch(EVENT_SUBJECT);
      expect(c.subject.split('.')[4]).toMatch(/ed$/);
    }
  });

  it('name work subjects vplan.ingest.… and vplan.jobs.…', () => {
    const queues = ALL_CONTRACTS.filter((c) => c.kind === 'queue').map((c) => c.subject);
    expect(queues).toEqual(['vplan.ingest.samples.v1', 'vplan.jobs.planning.run.v1']);
    for (const s of queues) expect(s).toMatch(QUEUE_SUBJECT);
  });

  it('give every subject once', () => {
    const subjects = ALL_CONTRACTS.map((c) => c.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(contractOf('vplan.inventory.asset.get.v1')?.kind).toBe('request');
  });

  it('put every event and work subject in exactly one stream, the one its contract names', () => {
    for (const c of ALL_CONTRACTS) {
      if (c.kind === 'request') {
        expect(streamsOf(c.subject)).toEqual([]);
        continue;
      }
      const streams = streamsOf(c.subject);
      expect(streams.map((s) => s.name)).toEqual([c.stream]);
    }
  });

  it('keep stream subjects apart: no subject pattern overlaps another stream', () => {
    for (const a of STREAM_LIST) {
      for (const b of STREAM_LIST) {
        if (a === b) continue;
        for (const p of a.subjects) {
          const probe = p.replace('>', 'x.y.z.v1').replace(/\*/g, 'x');
          expect(b.subjects.some((q) => subjectMatches(q, probe))).toBe(false);
        }
      }
    }
  });

  it('refuse a subject that breaks the naming rules when it is defined', () => {
    expect(() => defineRequest('vplan.inventory.Asset.get.v1', z.null(), z.null())).toThrow(
      /does not match/,
    );
    expect(() => defineRequest('vplan.billing.invoice.get.v1', z.null(), z.null())).toThrow();
    expect(() =>
      defineEvent('vplan.evt.inventory.asset.change.v1', 'VPLAN_EVT_INVENTORY', z.null()),
    ).toThrow(/does not match/);
  });
});

describe('prefixed', () => {
  it('puts subjects under <prefix>. and streams under <PREFIX>_', () => {
    expect(prefixed('t1a2b', 'vplan.evt.inventory.>')).toBe('t1a2b.vplan.evt.inventory.>');
    expect(prefixed('t1a2b', 'VPLAN_INGEST')).toBe('T1A2B_VPLAN_INGEST');
    expect(prefixed(undefined, 'VPLAN_INGEST')).toBe('VPLAN_INGEST');
    expect(prefixed('', 'vplan.ingest.samples.v1')).toBe('vplan.ingest.samples.v1');
  });

  it('keeps a prefixed stream capturing its prefixed subjects only', () => {
    const stream = prefixedStream('t9', STREAMS.VPLAN_EVT_PLANNING);
    expect(stream.name).toBe('T9_VPLAN_EVT_PLANNING');
    const subject = prefixed('t9', 'vplan.evt.planning.job.completed.v1');
    expect(stream.subjects.some((p) => subjectMatches(p, subject))).toBe(true);
    expect(
      stream.subjects.some((p) => subjectMatches(p, 'vplan.evt.planning.job.completed.v1')),
    ).toBe(false);
  });
});

describe('subjectMatches', () => {
  it('reads * as one token and > as one or more', () => {
    expect(subjectMatches('a.*.c', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.*.c', 'a.b.d')).toBe(false);
    expect(subjectMatches('a.>', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.>', 'a')).toBe(false);
    expect(subjectMatches('a.b', 'a.b.c')).toBe(false);
  });
});
