import { jsonSyntaxIssue, lineColumn, locateJsonPath } from './json-location';
import { parsePlanDocument } from './plan-json';
import { samplePlan } from './plan.fixture';

function parseError(text: string): string {
  const result = parsePlanDocument(text, 'plan.json');
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

describe('parsePlanDocument', () => {
  it('reads back what was written', () => {
    const plan = samplePlan();
    const result = parsePlanDocument(JSON.stringify(plan, null, 2), 'plan.json');
    expect(result).toEqual({ ok: true, value: plan });
  });

  it('locates a syntax error by line and character column', () => {
    expect(parseError('{\n  "a": 1,\n  x\n}')).toBe(
      'plan.json:3:3: invalid JSON: expected a property name, found "x"',
    );
    expect(parseError('[1, 2,]')).toBe('plan.json:1:7: invalid JSON: expected a value, found "]"');
    expect(parseError('')).toBe('plan.json:1:1: invalid JSON: expected a value, found end of file');
  });

  it('locates a value of the wrong type by its JSON path', () => {
    const text = JSON.stringify(
      {
        ...samplePlan(),
        hosts: [samplePlan().hosts[0], { ...samplePlan().hosts[1], assets: 'c' }],
      },
      null,
      2,
    );
    const message = parseError(text);
    const lines = text.split('\n');
    const row = lines.findIndex((line) => line.includes('"assets": "c"')) + 1;
    const column = (lines[row - 1] ?? '').indexOf('"c"') + 1;
    expect(message.startsWith(`plan.json:${row}:${column}: hosts[1].assets: `)).toBe(true);
  });

  it('points a missing property at its object', () => {
    const { summary: _summary, ...rest } = samplePlan();
    const message = parseError(JSON.stringify(rest));
    expect(message).toMatch(/^plan\.json:1:1: summary: /);
  });

  it('names an unsupported schema version', () => {
    const text = JSON.stringify({ ...samplePlan(), schemaVersion: 4 }, null, 2);
    expect(parseError(text)).toBe(
      'plan.json:2:20: schemaVersion 4: this vplan reads plan.json schema versions 1, 2 and 3',
    );
    expect(parseError('{}')).toBe(
      'plan.json:1:1: schemaVersion is missing: this vplan reads plan.json schema versions 1, 2 and 3',
    );
  });

  it('reads a version 2 plan as version 3, and refuses a version 3 field of the wrong shape in it', () => {
    const v2 = { ...samplePlan(), schemaVersion: 2 };
    expect(parsePlanDocument(JSON.stringify(v2), 'v2.json')).toEqual({
      ok: true,
      value: { ...samplePlan(), upgradedFrom: 2 },
    });
    const bad = { ...samplePlan(), schemaVersion: 2, models: [{ name: 'm' }] };
    expect(parseError(JSON.stringify(bad))).toMatch(/^plan\.json:1:\d+: models\[0\]\.capacity: /);
  });

  it('reads a version 1 plan as the current version without the sizing sections', () => {
    const v1 = { ...samplePlan(), schemaVersion: 1 };
    const result = parsePlanDocument(JSON.stringify(v1), 'old.json');
    expect(result).toEqual({ ok: true, value: { ...samplePlan(), upgradedFrom: 1 } });
    expect(result.ok && result.value.sizing).toBeUndefined();
  });

  it('locates a bad value in a version 1 plan', () => {
    const v1 = { ...samplePlan(), schemaVersion: 1, hosts: 'none' };
    expect(parseError(JSON.stringify(v1))).toMatch(/^plan\.json:1:\d+: hosts: /);
  });
});

describe('jsonSyntaxIssue', () => {
  it('accepts well-formed JSON and finds the first error of bad JSON', () => {
    expect(jsonSyntaxIssue('{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"]}')).toBeUndefined();
    expect(jsonSyntaxIssue('{"a" 1}')).toEqual({ offset: 5, message: 'expected ":", found "1"' });
    expect(jsonSyntaxIssue('"\\q"')).toEqual({ offset: 1, message: 'bad escape in a string' });
    expect(jsonSyntaxIssue('{} x')?.offset).toBe(3);
    expect(jsonSyntaxIssue('"open')?.message).toBe('string is not closed');
  });
});

describe('locateJsonPath', () => {
  it('finds nested values and stops at the deepest one that exists', () => {
    const text = '{"a": {"b": [10, {"c": "here"}]}, "d": 1}';
    expect(text.slice(locateJsonPath(text, ['a', 'b', 1, 'c']))).toMatch(/^"here"/);
    expect(text.slice(locateJsonPath(text, ['d']))).toBe('1}');
    expect(text.slice(locateJsonPath(text, ['a', 'missing']))).toMatch(/^\{"b"/);
  });
});

describe('lineColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ row: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ row: 2, column: 2 });
  });
});
