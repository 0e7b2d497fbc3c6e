/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, as `npm run bench:ingest -- --cpu-prof DIR`
 * writes them for the service): self time per function and per area of the code (our folders,
 * each dependency, GC, idle), as shares of the busy time. `node dist/bench/ingest-profile.js DIR`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface Profile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame belongs to: a folder of ours, a package, or one of V8's pseudo-frames. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)')
      return functionName;
    return '(native)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/(src\/[^/]+|bench|migrations)\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url;
}

function files(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(target, f));
}

export function summarise(profiles: Profile[], top = 30): string {
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      const frame = frames.get(id)!;
      total += dt;
      if (frame.functionName === '(idle)') {
        idle += dt;
        return;
      }
      const area = areaOf(frame);
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(dist|node_modules)\//, '')}:${frame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + dt);
      byArea.set(area, (byArea.get(area) ?? 0) + dt);
    });
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const lines = [
    `profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} % of the wall time)`,
    'by area (self time, share of busy):',
    ...[...byArea]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([area, us]) => `  ${pct(us)}  ${(us / 1e6).toFixed(1).padStart(6)} s  ${area}`),
    `top ${top} functions (self time):`,
    ...[...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `  ${pct(us)}  ${name}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node dist/bench/ingest-profile.js <dir or .cpuprofile>');
    process.exit(2);
  }
  const profiles = files(target).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Profile);
  console.log(summarise(profiles, Number(process.argv[3] ?? 30)));
}
