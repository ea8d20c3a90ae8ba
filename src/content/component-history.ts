import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SiteContent } from '../domain/model.ts';

const run = promisify(execFile);

/**
 * When each component file first entered the repository at `root`: the time of the oldest
 * commit that added `components/<id>.yml`, by component id. Empty when `root` is not a git
 * repository (or git is missing): then a component's history starts at its first incident or
 * on the day of the build. A shallow clone knows only its own commits, so the Deploy workflow
 * checks out the whole history.
 */
export async function componentFirstCommits(root: string): Promise<Map<string, number>> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'git',
      ['log', '--diff-filter=A', '--format=%x00%ct', '--name-only', '--', 'components'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    ));
  } catch {
    return new Map();
  }
  const first = new Map<string, number>();
  // Newest commit first: each later (older) sighting of a file replaces the one before.
  for (const block of stdout.split('\0').slice(1)) {
    const [time = '', ...files] = block.trim().split('\n');
    const seconds = Number(time);
    if (!Number.isFinite(seconds)) continue;
    for (const file of files) {
      const id = /^components\/([^/]+)\.ya?ml$/.exec(file.trim())?.[1];
      if (id !== undefined && !id.startsWith('_')) first.set(id, seconds * 1000);
    }
  }
  return first;
}

/** The content with each component's first commit, for those without `start_date`. */
export function withFirstCommits(
  content: SiteContent,
  first: ReadonlyMap<string, number>,
): SiteContent {
  if (first.size === 0) return content;
  const dated = (component: SiteContent['components'][number]) => {
    const seen = first.get(component.id);
    return component.startDate !== null || seen === undefined
      ? component
      : { ...component, firstSeen: seen };
  };
  const components = content.components.map(dated);
  const byId = new Map(components.map((component) => [component.id, component]));
  const same = (list: readonly SiteContent['components'][number][]) =>
    list.map((component) => byId.get(component.id) ?? component);
  return {
    ...content,
    components,
    ungrouped: same(content.ungrouped),
    groups: content.groups.map((group) => ({ ...group, components: same(group.components) })),
  };
}
