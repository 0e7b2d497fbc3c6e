import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ConstraintKind } from './link-constraint.entity';

export interface ActiveConstraint {
  id: string;
  kind: ConstraintKind;
  a: string;
  b: string;
}

/** SQL of steward link constraints. */
@Injectable()
export class LinkConstraintRepository {
  /** Active constraints with at least one end in the set. */
  async activeTouching(m: EntityManager, recordIds: string[]): Promise<ActiveConstraint[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT id::text, kind, record_a::text AS a, record_b::text AS b FROM link_constraints
        WHERE revoked_at IS NULL AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[]))`,
      [recordIds],
    );
  }
}
