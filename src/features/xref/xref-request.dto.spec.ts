import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { createValidationPipe } from '../../platform/common/validation';
import { XrefKeyParams, XrefViewQuery } from './xref-request.dto';

/** The global pipe's answer: the value handed to the route, or the problems of its 400. */
async function outcome(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    return { value: { ...(await pipe.transform(value, metadata)) } };
  } catch (e) {
    if (e instanceof DomainException) return { code: e.code, details: e.details };
    throw e;
  }
}

/** class-validator alone: the global pipe with the ValidatesFast checks bypassed. */
function classValidatorOnly(): ValidationPipe {
  const pipe = createValidationPipe();
  const slow = Object.getPrototypeOf(Object.getPrototypeOf(pipe)) as ValidationPipe;
  return {
    transform: (v: unknown, m: ArgumentMetadata) => slow.transform.call(pipe, v, m),
  } as ValidationPipe;
}

const long = (n: number): string => 'x'.repeat(n);

describe('the single lookup parameters (ValidatesFast)', () => {
  const params: ArgumentMetadata = { type: 'param', metatype: XrefKeyParams, data: undefined };
  const query: ArgumentMetadata = { type: 'query', metatype: XrefViewQuery, data: undefined };

  it('takes the fast path for a plainly valid key (no class instance is built)', async () => {
    const key = { entityType: 'person', domain: 'crm', sourceId: 'C-1' };
    expect(await createValidationPipe().transform(key, params)).not.toBeInstanceOf(XrefKeyParams);
    expect(await classValidatorOnly().transform(key, params)).toBeInstanceOf(XrefKeyParams);
  });

  it.each([
    [params, { entityType: 'person', domain: 'crm', sourceId: 'C-1' }],
    [params, { entityType: 'person', domain: long(128), sourceId: long(512) }],
    [params, { entityType: 'person', domain: long(129), sourceId: 'C-1' }],
    [params, { entityType: 'person', domain: 'crm', sourceId: long(513) }],
    [params, { entityType: 'person', domain: 'crm', sourceId: '😀'.repeat(300) }],
    [params, { entityType: 'person', domain: 'crm', sourceId: 'C-1', extra: 'x' }],
    [query, {}],
    [query, { asOf: '2026-11-25T10:00:00.123456Z' }],
    [query, { asOf: '2026-11-25T10:00:00.123456Z', targetDomain: 'billing' }],
    [query, { asOf: '2026-02-30T10:00:00Z' }],
    [query, { asOf: '' }],
    [query, { targetDomain: '' }],
    [query, { targetDomain: long(129) }],
    [query, { targetDomain: ['a', 'b'] }],
    [query, { asOf: ['2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z'] }],
    [query, { other: '1' }],
  ])('answers as class-validator does: %#', async (metadata, value) => {
    expect(await outcome(createValidationPipe(), value, metadata)).toEqual(
      await outcome(classValidatorOnly(), value, metadata),
    );
  });
});
