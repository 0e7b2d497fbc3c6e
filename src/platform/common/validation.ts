import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from './errors/domain.exception';
import { FieldProblem } from './errors/error-codes';

/** Flattens class-validator's tree into one `{ field, reason }` per problem, with dotted paths. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

/** The global pipe: whitelisting DTOs, and a 400 with a reason per field on failure. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) =>
      new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', fieldProblems(errors)),
  });
}
