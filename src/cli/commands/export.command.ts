import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { fieldProblems } from '../../platform/common/validation';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { GoldenExportService } from '../../features/golden/golden-export.service';
import { KnownEntityTypes } from '../../features/xref/known-entity-types';
import { XrefExportService } from '../../features/xref/xref-export.service';
import { ExportQueryDto } from '../../features/xref/xref-request.dto';
import { CliCommand, UsageError } from '../cli-command';
import { userPath, withAppContext } from '../cli-context';

const USAGE = `Usage: npm run joinery -- export --out DIR [--format parquet|ndjson|csv] [--type T ...]
                                   [--as-of TIME] [--since TIME] [--row-group-rows N]
       npm run joinery -- export --what golden --out DIR [--type T ...] [--row-group-rows N]

Writes the crosswalk of each entity type (every one with a matcher unless --type is given) to DIR,
as GET /v1/xref/export does (docs/xref.md): a snapshot of the memberships in force (now, or at
--as-of) to DIR/<type>.<ext>, or with --since the membership changes in (since, as-of] to
DIR/<type>.delta.<since>.<ext>. Parquet (the default) has row groups of 122,880 rows unless
--row-group-rows says otherwise. TIME is RFC 3339 with an offset.

--what golden writes the golden attributes instead, as Parquet, to DIR/<type>.golden.parquet: one row
per active golden entity with its survived values, personal data (pii: true fields) left out
(docs/xref.md#golden-attributes-as-parquet).

Database: DATABASE_URL, or the embedded PostgreSQL when unset.`;

/** '2026-11-25T10:00:00.5+01:00' → '20261125T090000.500000Z'-like, safe in a file name. */
const fileTime = (t: string): string => t.replace(/[^0-9A-Za-z.+-]/g, '');

export const command: CliCommand = {
  name: 'export',
  summary: 'write the crosswalk (snapshot or delta) to files: Parquet, ndjson or CSV',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        format: { type: 'string', default: 'parquet' },
        type: { type: 'string', multiple: true },
        'as-of': { type: 'string' },
        since: { type: 'string' },
        'row-group-rows': { type: 'string' },
        what: { type: 'string', default: 'xref' },
      },
    });
    if (!values.out) throw new UsageError('--out DIR is required');
    if (values.what !== 'xref' && values.what !== 'golden') throw new UsageError('--what is xref or golden');
    if (values.what === 'golden' && (values.since || values['as-of'] || values.format !== 'parquet'))
      throw new UsageError('--what golden writes the current golden entities as Parquet only');
    const query = (entityType: string): Record<string, unknown> => ({
      entityType,
      format: values.format,
      asOf: values['as-of'],
      since: values.since,
      rowGroupRows: values['row-group-rows'],
    });
    // The route's own validation, so the command accepts exactly what GET /v1/xref/export does.
    const problems = fieldProblems(
      await validate(plainToInstance(ExportQueryDto, query('any')), { forbidUnknownValues: false }),
    );
    if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    const dir = userPath(values.out);
    mkdirSync(dir, { recursive: true });
    return withAppContext(async (app) => {
      const exports = app.get(XrefExportService);
      const types = values.type ?? app.get(MatcherRegistry).entityTypes();
      for (const entityType of types) {
        const dto = plainToInstance(ExportQueryDto, query(entityType));
        const kind = values.what === 'golden' ? '.golden' : dto.since ? `.delta.${fileTime(dto.since)}` : '';
        const file = path.join(dir, `${entityType}${kind}.${dto.format}`);
        const started = Date.now();
        try {
          if (values.what === 'golden') {
            app.get(KnownEntityTypes).assertKnown([{ entityType, field: 'type' }]);
            await app
              .get(GoldenExportService)
              .writeParquet(entityType, createWriteStream(file), dto.rowGroupRows);
          } else {
            const out = await exports.open(dto);
            await pipeline(out.body, createWriteStream(file));
          }
        } catch (e) {
          if (e instanceof DomainException) {
            const why = Array.isArray(e.details) ? e.details.map((p) => p.reason).join('; ') : e.message;
            throw new UsageError(`${entityType}: ${why}`);
          }
          throw e;
        }
        console.log(`${entityType}: ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
      return 0;
    });
  },
};
