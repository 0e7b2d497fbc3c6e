import { Readable } from 'node:stream';
import { csvField, ExportFormatter, ExportRow, linesOf } from './export-format';

const row: ExportRow = {
  cursor: '7',
  goldenId: 'g-1',
  domain: 'crm',
  sourceId: 'C,"1"',
  linkedAt: '2026-01-01T00:00:00.000001Z',
};

async function format(rows: ExportRow[], f: 'ndjson' | 'csv', delta: boolean): Promise<string> {
  let out = '';
  for await (const chunk of Readable.from(rows).pipe(new ExportFormatter(f, delta))) out += String(chunk);
  return out;
}

describe('export format', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['', ''],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a=b', 'a=b'],
  ])('csvField(%j) = %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('gives a delta row opened and closed in the window as added, then removed', () => {
    const lines = linesOf(
      { ...row, added: true, removed: true, unlinkedAt: '2026-01-02T00:00:00.000000Z' },
      true,
    );
    expect(lines.map((l) => [l.op, l.at])).toEqual([
      ['added', row.linkedAt],
      ['removed', '2026-01-02T00:00:00.000000Z'],
    ]);
    expect(linesOf({ ...row, added: false, removed: true, unlinkedAt: null }, true)).toEqual([]);
  });

  it('writes ndjson, one object per line', async () => {
    const text = await format([row, { ...row, cursor: '8' }], 'ndjson', false);
    expect(text.split('\n')).toEqual([
      JSON.stringify({
        cursor: '7',
        goldenId: 'g-1',
        domain: 'crm',
        sourceId: 'C,"1"',
        linkedAt: row.linkedAt,
      }),
      expect.stringContaining('"cursor":"8"'),
      '',
    ]);
  });

  it('writes CSV with a header and quoted fields, header alone when there are no rows', async () => {
    expect(await format([row], 'csv', false)).toBe(
      `cursor,goldenId,domain,sourceId,linkedAt\r\n7,g-1,crm,"C,""1""",${row.linkedAt}\r\n`,
    );
    expect(await format([], 'csv', true)).toBe('cursor,op,at,goldenId,domain,sourceId,linkedAt\r\n');
  });

  it('chunks large outputs instead of pushing a line at a time', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ ...row, cursor: String(i) }));
    const chunks: string[] = [];
    for await (const chunk of Readable.from(rows).pipe(new ExportFormatter('ndjson', false)))
      chunks.push(String(chunk));
    expect(chunks.length).toBeLessThan(20);
    expect(chunks.join('').split('\n')).toHaveLength(5001);
  });
});
