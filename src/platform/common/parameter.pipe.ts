import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainException } from './errors/domain.exception';
import { FieldProblem } from './errors/error-codes';

/**
 * Control characters (NUL above all: PostgreSQL text cannot hold it) and unpaired UTF-16 surrogates
 * are never valid in a path or query parameter. This global pipe refuses them for every route before
 * any DTO or service sees the value: 400 COMMON.VALIDATION_FAILED naming `path.<name>` or
 * `query.<name>`, where otherwise the database would have failed the request with a 500.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001F\u007F]|\p{Cs}/u;

@Injectable()
export class ParameterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'query') return value;
    const where = metadata.type === 'param' ? 'path' : 'query';
    const problems: FieldProblem[] = [];
    const visit = (v: unknown, field: string): void => {
      if (typeof v === 'string') {
        if (FORBIDDEN.test(v))
          problems.push({ field, reason: 'must not contain control characters or unpaired surrogates' });
      } else if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${field}[${i}]`));
      else if (v !== null && typeof v === 'object')
        for (const [k, item] of Object.entries(v)) visit(item, `${field}.${k}`);
    };
    if (metadata.data) visit(value, `${where}.${metadata.data}`);
    else if (value !== null && typeof value === 'object')
      for (const [k, item] of Object.entries(value)) visit(item, `${where}.${k}`);
    if (problems.length > 0)
      throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', problems);
    return value;
  }
}
