import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { isoUs } from '../../platform/database/sql';
import { PgReader } from '../xref/pg-reader';

/** An active golden entity as the export reads it. */
export interface GoldenExportRow {
  goldenId: string;
  version: string;
  memberCount: string;
  updatedAt: string;
  attributes: Record<string, { value: unknown }>;
}

const BATCH_ROWS = 1000;
const ACTIVE = `entity_type = $1 AND status = 'active'`;

/** The golden attributes export's queries (golden-export.service.ts). */
@Injectable()
export class GoldenExportRepository {
  constructor(private readonly db: PgReader) {}

  /** Every field name the type's active golden entities hold, sorted: the file's columns. */
  async fields(entityType: string): Promise<string[]> {
    const rows = await this.db.query<{ field: string }>(
      `SELECT DISTINCT jsonb_object_keys(attributes) AS field FROM golden_entities WHERE ${ACTIVE} ORDER BY 1`,
      [entityType],
    );
    return rows.map((r) => r.field);
  }

  /** The type's active golden entities, by golden id, streamed (PgReader.stream). */
  open(entityType: string): Promise<Readable> {
    return this.db.stream(
      `SELECT golden_id AS "goldenId", version::text, member_count::text AS "memberCount",
              ${isoUs('updated_at')} AS "updatedAt", attributes
         FROM golden_entities WHERE ${ACTIVE} ORDER BY golden_id`,
      [entityType],
      BATCH_ROWS,
    );
  }
}
