import { parseArgs } from 'node:util';
import { toJobDto } from '../../features/reevaluation/reevaluation.dto';
import { ReevaluationService } from '../../features/reevaluation/reevaluation.service';
import { CliCommand, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';
import { describeJob, followJob } from '../reevaluation-output';

const USAGE = `Usage: npm run joinery -- rebuild <entityType>

Rebuilds the resolution state of one entity type from the stored source records: every live record
is re-evaluated with the running matcher (prepared form, blocking keys, match edges, entities),
resolved records whose source record is deleted or gone are removed, and golden ids are kept by
the id rules (a golden id follows its oldest member). Runs as a tracked, resumable job (GET
/v1/admin/jobs/{id}); golden events are written for whatever changes. See docs/operations.md for
what happens when the resolution tables are lost entirely.

Database: DATABASE_URL, or the embedded PostgreSQL when unset.`;

export const command: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild resolution state of an entity type from the stored source records',
  usage: USAGE,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new UsageError('give exactly one entity type');
    return withAppContext(async (app) => {
      const service = app.get(ReevaluationService);
      const { job, completion } = await service.rebuild(positionals[0]);
      const done = await followJob(service, job.id, completion);
      console.log(describeJob(toJobDto(done)));
      return done.status === 'done' ? 0 : 1;
    });
  },
};
