// With BENCH_PROFILE=1 each service is profiled path by path (lag-probe.mjs); this reads a
// .cpuprofile and lists the functions with the most self time, which is what a miss is traced to.
import { readFileSync } from 'node:fs';

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

export type HotFunction = { name: string; where: string; selfMs: number; share: number };

/** Which package a frame's code belongs to: an npm package, a workspace package, node, or native. */
export function ownerOf(url: string, functionName: string): string {
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm) return npm[1]!;
  const workspace = /\/(services|packages)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  if (url.startsWith('node:')) return 'node';
  if (functionName === '(garbage collector)') return 'GC';
  return 'native';
}

/** Self time per owning package (see ownerOf), largest first. */
export function selfTimeByOwner(file: string, limit = 6): { owner: string; share: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const owners = new Map(
    profile.nodes.map((node) => [
      node.id,
      node.callFrame.functionName === '(idle)' ? undefined : ownerOf(node.callFrame.url, node.callFrame.functionName),
    ]),
  );
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((nodeId, index) => {
    const owner = owners.get(nodeId);
    if (!owner) return;
    const delta = profile.timeDeltas[index] ?? 0;
    all += delta;
    totals.set(owner, (totals.get(owner) ?? 0) + delta);
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([owner, us]) => ({ owner, share: all ? us / all : 0 }));
}

export function topSelfTime(file: string, limit = 8): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    totalUs += delta;
    const where = frame.url
      ? `${frame.url.replace(/^file:\/\/.*?node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/(services|packages)\//, '$1/')}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame.functionName}@${where}`;
    const entry = selfUs.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((entry) => ({
      name: entry.name,
      where: entry.where,
      selfMs: Math.round(entry.us / 1000),
      share: totalUs ? entry.us / totalUs : 0,
    }));
}
