import { neutralizeFormula } from './cell-text';

describe('neutralizeFormula', () => {
  it.each(['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=1+1', '+3'])(
    'prefixes %j with a quote',
    (text) => expect(neutralizeFormula(text)).toBe(`'${text}`),
  );
  it.each(['-2', '-0.5', '-1e-3', '1e-3', 'web-01', '', 'a=b'])('leaves %j alone', (text) =>
    expect(neutralizeFormula(text)).toBe(text),
  );
});
