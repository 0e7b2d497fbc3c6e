import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Why a caller acted, as a request field. Every reason is required: the audit log (and a steward's
 * constraint) records why someone acted, and an empty "why" is no audit.
 */
export const MAX_REASON_CHARS = 2000;
const NOT_BLANK = /\S/;

/** A reason: non-blank, at most MAX_REASON_CHARS characters. */
export function Reason(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MaxLength(MAX_REASON_CHARS)(target, key);
    Matches(NOT_BLANK, { message: `${String(key)} must not be blank` })(target, key);
  };
}
