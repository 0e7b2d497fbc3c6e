import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type EdgeKind = 'auto' | 'steward';

/**
 * A pair of records that matched (at or above the match threshold, or linked by a steward), with
 * the engine's explanation. Clusters are derived from these edges; an edge is not a membership.
 */
@Entity({ name: 'match_edges' })
@Check('ck_match_edges_order', '"record_a" < "record_b"')
@Index('ix_match_edges_record_b', ['recordB'])
export class MatchEdgeEntity {
  @PrimaryColumn({ type: 'bigint', name: 'record_a', primaryKeyConstraintName: 'pk_match_edges' })
  recordA!: string;

  @PrimaryColumn({ type: 'bigint', name: 'record_b', primaryKeyConstraintName: 'pk_match_edges' })
  recordB!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'kind' })
  kind!: EdgeKind;

  @Column({ type: 'double precision', name: 'score' })
  score!: number;

  @Column({ type: 'double precision', name: 'probability' })
  probability!: number;

  @Column({ type: 'jsonb', name: 'explanation' })
  explanation!: unknown;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
