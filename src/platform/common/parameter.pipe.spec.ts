import { DomainException } from './errors/domain.exception';
import type { FieldProblem } from './errors/error-codes';
import { ParameterPipe } from './parameter.pipe';

class SomeDto {}
const pipe = new ParameterPipe();
const body = (value: unknown) => () => pipe.transform(value, { type: 'body', metatype: SomeDto });
const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainException) return (e.details as FieldProblem[]).map((d) => d.field);
    throw e;
  }
  return [];
};

describe('ParameterPipe', () => {
  it('refuses control characters in path and query parameters, naming them', () => {
    expect(fieldsOf(() => pipe.transform('a\u0007', { type: 'param', data: 'sourceId' }))).toEqual([
      'path.sourceId',
    ]);
    expect(fieldsOf(() => pipe.transform({ q: 'ok', after: '\uD800' }, { type: 'query' }))).toEqual([
      'query.after',
    ]);
  });

  it('refuses a NUL or an unpaired surrogate in any string or key of a DTO body, naming the field as the validation pipe does', () => {
    expect(fieldsOf(body({ reason: 'a\nb', members: [{ domain: 'crm', sourceId: 'C\u0000' }] }))).toEqual([
      'members[0].sourceId',
    ]);
    expect(fieldsOf(body({ ['k\u0000']: 'v' }))).toEqual(['k\u0000']);
    expect(fieldsOf(body({ name: 'a\uD800', note: 'a\uDC00b' }))).toEqual(['name', 'note']);
    // A paired surrogate is one character (an emoji), and fine.
    expect(fieldsOf(body({ name: 'ok \uD83D\uDE00' }))).toEqual([]);
    expect(fieldsOf(body({ reason: 'line\nbreaks\tand tabs are fine' }))).toEqual([]);
  });

  it('leaves bodies that routes parse themselves alone', () => {
    expect(pipe.transform({ events: ['\u0000'] }, { type: 'body', metatype: Object })).toEqual({
      events: ['\u0000'],
    });
  });

  it('refuses a DTO body nested deeper than 32 levels, however deep, without overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let problems: FieldProblem[] = [];
    try {
      body({ x: deep })();
    } catch (e) {
      problems = (e as DomainException).details as FieldProblem[];
    }
    expect(problems).toEqual([{ field: `x${'[0]'.repeat(31)}`, reason: 'nests deeper than 32 levels' }]);
    let shallow: unknown = 'a\u0000';
    for (let i = 0; i < 20; i++) shallow = [shallow];
    expect(fieldsOf(body({ x: shallow }))).toEqual([`x${'[0]'.repeat(20)}`]);
  });

  it('reports at most 100 fields', () => {
    expect(fieldsOf(body({ list: Array.from({ length: 1000 }, () => '\u0000') }))).toHaveLength(100);
  });
});
