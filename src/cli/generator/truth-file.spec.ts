import { parseTruthLine, truthLine } from './truth-file';

describe('truth file', () => {
  it.each([
    ['crm:customer:C-1', 'customer-0', 'crm:customer:C-1,customer-0'],
    ['crm:customer:a,b', 'e1', '"crm:customer:a,b",e1'],
    ['crm:customer:say "hi"', 'e"2', '"crm:customer:say ""hi""","e""2"'],
    ['crm:customer:', '', 'crm:customer:,'],
  ])('%j, %j ⇄ %s', (key, entity, line) => {
    expect(truthLine(key, entity)).toBe(line);
    expect(parseTruthLine(line)).toEqual([key, entity]);
  });

  it.each(['a', 'a,b,c', '"a,b'])('rejects %j', (line) => {
    expect(() => parseTruthLine(line)).toThrow();
  });
});
