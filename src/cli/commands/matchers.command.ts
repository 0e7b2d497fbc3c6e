import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config/app-config';
import { readWeightsFile } from '../../core/matching/matcher-files';
import { ProposedConfig, ReevaluationService } from '../../features/reevaluation/reevaluation.service';
import { toJobDto } from '../../features/reevaluation/reevaluation.dto';
import { CliCommand, parseCommandArgs, UsageError } from '../cli-command';
import { userPath, withAppContext } from '../cli-context';
import { describeDiff, describeJob, followJob } from '../reevaluation-output';

const USAGE = `Usage: npm run joinery -- matchers diff <entityType> [--config path] [--json]
       npm run joinery -- matchers apply <entityType> [--config path]

diff   Re-evaluates every live record of the entity type with the config at --config (default:
       MATCHERS_DIR/<entityType>.yaml, i.e. the file you just edited) inside one transaction, compares
       links and entities with the current state (what the running matcher produced) and rolls back.
       Nothing changes; the counts are exactly what apply would do on the same data.
apply  Rolls the config out: a tracked, resumable re-evaluation job (batches of 500 in their own
       transactions, steward constraints honoured, golden events written), the config stored as the
       type's new active version (author cli; GET /v1/admin/matchers/{entityType} lists them). A
       running service adopts it within 5 s. Progress is printed; the
       job can also be followed with GET /v1/admin/jobs/{id}. An interrupted job resumes in the
       service (or with 'npm run joinery -- matchers resume <jobId>').

Database: DATABASE_URL, or the embedded PostgreSQL when unset.`;

/** The file's YAML with the weights `train` wrote to MATCHERS_DIR (the service compiles them together). */
function proposed(entityType: string, configPath: string | undefined): ProposedConfig {
  const dir = path.resolve(loadConfig().MATCHERS_DIR);
  const file = configPath ? userPath(configPath) : path.join(dir, `${entityType}.yaml`);
  if (!existsSync(file)) throw new UsageError(`--config ${configPath ?? file}: no such file`);
  return { text: readFileSync(file, 'utf8'), weightsText: readWeightsFile(dir, entityType) };
}

export const command: CliCommand = {
  name: 'matchers',
  summary: 'dry-run (diff) or roll out (apply) a matcher config change',
  usage: USAGE,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const [action, target] = parsed.positionals;
    if (!['diff', 'apply', 'resume'].includes(action ?? '') || !target || parsed.positionals.length !== 2)
      throw new UsageError('expected: matchers diff|apply <entityType>, or matchers resume <jobId>');
    return withAppContext(async (app) => {
      const service = app.get(ReevaluationService);
      if (action === 'diff') {
        const report = await service.diff(target, proposed(target, parsed.values.config));
        console.log(parsed.values.json ? JSON.stringify(report, null, 2) : describeDiff(report));
        return 0;
      }
      const started =
        action === 'apply'
          ? await service.apply(target, proposed(target, parsed.values.config), 'cli')
          : { job: await service.job(target), completion: service.run(target) };
      const job = await followJob(service, started.job.id, started.completion);
      console.log(describeJob(toJobDto(job)));
      return job.status === 'done' ? 0 : 1;
    });
  },
};
