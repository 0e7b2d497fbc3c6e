import { Injectable } from '@nestjs/common';
import type { Readable, Writable } from 'node:stream';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { ParquetRow, writeParquetTable } from '../../platform/parquet/parquet-table';
import { piiFields } from '../auth/pii-mask';
import { PARQUET_ROW_GROUP_ROWS } from '../xref/parquet-export';
import { GoldenExportRow, GoldenExportRepository } from './golden-export.repository';

/** The fixed columns, before one column per exported field. */
const FIXED = ['entity_type', 'golden_id', 'version', 'member_count', 'updated_at'];

/**
 * A field's column: its own name, unless it would clash (DuckDB compares names without case) with a
 * fixed column or an earlier field; then `attribute_<name>`, numbered if that clashes too.
 */
export function attributeColumns(fields: readonly string[]): string[] {
  const taken = new Set(FIXED);
  return fields.map((field) => {
    let name = field;
    for (let n = 1; taken.has(name.toLowerCase()); n++) name = `attribute_${field}${n > 1 ? `_${n}` : ''}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** A survived value as text: strings as they are, numbers, booleans and lists as JSON. */
const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);

async function* rowsOf(rows: Readable, fields: readonly string[]): AsyncGenerator<ParquetRow> {
  for await (const row of rows as AsyncIterable<GoldenExportRow>) {
    yield [
      row.goldenId,
      row.version,
      row.memberCount,
      row.updatedAt,
      ...fields.map((f) => text(row.attributes[f]?.value)),
    ];
  }
}

/**
 * The golden attributes of one entity type as Parquet (docs/xref.md#golden-attributes-as-parquet):
 * one row per active golden entity with its survived values, for engines that want the entity
 * itself, not only its members. Fields holding personal data (the matcher's `pii: true` attributes
 * and their source fields) are not written at all: a file leaves the service's access control.
 */
@Injectable()
export class GoldenExportService {
  constructor(
    private readonly repository: GoldenExportRepository,
    private readonly matchers: MatcherRegistry,
  ) {}

  /** The exported fields: every stored one but personal data. */
  async fields(entityType: string): Promise<string[]> {
    const pii = piiFields(this.matchers.get(entityType).config.attributes.values());
    return (await this.repository.fields(entityType)).filter((f) => !pii.has(f));
  }

  async writeParquet(entityType: string, out: Writable, rowGroupRows?: number): Promise<void> {
    const fields = await this.fields(entityType);
    const rows = await this.repository.open(entityType);
    try {
      const names = attributeColumns(fields);
      await writeParquetTable(rowsOf(rows, fields), out, {
        constants: [{ name: 'entity_type', value: entityType }],
        columns: [
          { name: 'golden_id', type: 'VARCHAR' },
          { name: 'version', type: 'BIGINT' },
          { name: 'member_count', type: 'BIGINT' },
          { name: 'updated_at', type: 'TIMESTAMPTZ' },
          ...names.map((name) => ({ name, type: 'VARCHAR' as const })),
        ],
        rowGroupRows: rowGroupRows ?? PARQUET_ROW_GROUP_ROWS,
        metadata: { 'joinery.export': 'golden' },
      });
    } finally {
      rows.destroy();
    }
  }
}
