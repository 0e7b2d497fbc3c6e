import type { ConstraintKind } from '../../core/resolution/link-constraint.entity';
import type { EntitySnapshot, MemberKey } from './steward-record.repository';

/** A link constraint (openapi.yaml: LinkConstraint). */
export interface ConstraintDto {
  id: string;
  kind: ConstraintKind;
  entityType: string;
  a: MemberKey;
  b: MemberKey;
  active: boolean;
  createdBy: string;
  reason: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface ConstraintResultDto {
  constraint: ConstraintDto;
  /** The golden entities of both records after the change. */
  entities: EntitySnapshot[];
}

export interface ConstraintPageDto {
  items: ConstraintDto[];
  nextCursor: string | null;
}
