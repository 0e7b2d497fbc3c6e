import { JobRow } from '../features/reevaluation/reevaluation-job.repository';
import { JobDto } from '../features/reevaluation/reevaluation.dto';
import { DryRunReport, ReevaluationService } from '../features/reevaluation/reevaluation.service';

/** Prints a job's progress every 2 s until `completion` settles; returns the finished job. */
export async function followJob(
  service: ReevaluationService,
  id: string,
  completion: Promise<JobRow>,
): Promise<JobRow> {
  const timer = setInterval(() => {
    void service.job(id).then(
      (j) => process.stderr.write(`job ${id}: ${j.processed}/${j.total} records, ${j.batches} batches\n`),
      () => undefined,
    );
  }, 2000);
  try {
    return await completion;
  } finally {
    clearInterval(timer);
  }
}

export function describeJob(job: JobDto): string {
  return `job ${job.id} (${job.kind} ${job.entityType}): ${job.status}, ${job.processed}/${job.total} records in ${job.batches} batches, ${job.goldenEvents} golden events${job.error ? `; error: ${job.error}` : ''}`;
}

export function describeDiff(r: DryRunReport): string {
  const ref = (x: { domain: string; sourceId: string }): string => `${x.domain}:${x.sourceId}`;
  return [
    `dry run of ${r.entityType} (config ${r.configHash.slice(0, 12)}): ${r.records} records re-evaluated in ${r.durationMs} ms, nothing changed`,
    `links:    ${r.links.before} -> ${r.links.after} (+${r.links.added} -${r.links.removed}, ${r.links.rescored} rescored)`,
    `entities: ${r.entities.before} -> ${r.entities.after} (${r.entities.merges} merges, ${r.entities.splits} splits, ${r.entities.recordsMoved} records moved)`,
    `review:   ${r.reviewItems.openBefore} -> ${r.reviewItems.openAfter} open items`,
    ...r.links.sample.added.map((l) => `  + link ${ref(l.a)} ~ ${ref(l.b)} (${l.score.toFixed(2)})`),
    ...r.links.sample.removed.map((l) => `  - link ${ref(l.a)} ~ ${ref(l.b)} (${l.score.toFixed(2)})`),
    ...r.entities.sample.merges.map((m) => `  merge ${m.from.join(' + ')}: ${m.members.map(ref).join(', ')}`),
    ...r.entities.sample.splits.map(
      (s) => `  split ${s.goldenId}: ${s.parts.map((p) => `[${p.map(ref).join(', ')}]`).join(' ')}`,
    ),
  ].join('\n');
}
