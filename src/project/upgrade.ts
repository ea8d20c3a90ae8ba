import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageVersion } from '../package-info.ts';
import { hashText, manifestText, readManifest, writeManifest, type Manifest } from './manifest.ts';
import { readTemplates, type TemplateFile } from './templates.ts';

/** What `upgrade` does, or would do, with one generated file. */
export type FileAction =
  /** New in this version: written. */
  | 'added'
  /** Still as Statusmark wrote it, and the new version differs: replaced. */
  | 'updated'
  /** Statusmark no longer ships it and the team never changed it: deleted. */
  | 'removed'
  /** The team changed (or deleted) it: left as it is. */
  | 'kept-changed'
  | 'kept-deleted';

export interface FileChange {
  readonly path: string;
  readonly action: FileAction;
}

export interface UpgradeResult {
  readonly from: string | null;
  readonly to: string;
  readonly changes: readonly FileChange[];
  /** True when files were written (never with `dryRun`). */
  readonly wrote: boolean;
}

/**
 * Brings the generated files of the repository at `root` to the installed version of
 * Statusmark. A file is replaced only when it is exactly as Statusmark last wrote it (by the
 * hash in the manifest), so an edit of the team's is never overwritten, only reported. A file
 * already equal to the new version is left alone, so running it twice, or with the same
 * version, changes nothing.
 */
export async function upgradeProject(
  root: string,
  options: { readonly dryRun?: boolean; readonly templates?: readonly TemplateFile[] } = {},
): Promise<UpgradeResult> {
  const templates = options.templates ?? (await readTemplates('generated'));
  const manifest = (await readManifest(root)) ?? { version: '', files: {} };
  const recorded = new Map(Object.entries(manifest.files));
  const changes: FileChange[] = [];
  const writes: { path: string; text: string | null }[] = [];
  const files = new Map(recorded);

  for (const template of templates) {
    const current = await readText(root, template.path);
    const was = recorded.get(template.path);
    const next = hashText(template.text);
    if (current !== null && hashText(current) === next) {
      files.set(template.path, next);
      continue;
    }
    if (current === null && was !== undefined) {
      changes.push({ path: template.path, action: 'kept-deleted' });
    } else if (current !== null && hashText(current) !== was) {
      changes.push({ path: template.path, action: 'kept-changed' });
    } else {
      changes.push({ path: template.path, action: current === null ? 'added' : 'updated' });
      writes.push({ path: template.path, text: template.text });
      files.set(template.path, next);
    }
  }
  const shipped = new Set(templates.map((template) => template.path));
  for (const [file, was] of recorded) {
    if (shipped.has(file)) continue;
    const current = await readText(root, file);
    files.delete(file);
    if (current === null) continue;
    if (hashText(current) === was) {
      changes.push({ path: file, action: 'removed' });
      writes.push({ path: file, text: null });
    } else {
      changes.push({ path: file, action: 'kept-changed' });
    }
  }

  const next: Manifest = { version: packageVersion(), files: Object.fromEntries(files) };
  const manifestChanged =
    manifestText({ ...next, version: manifest.version }) !== manifestText(manifest);
  const wrote = !options.dryRun && (writes.length > 0 || manifestChanged);
  if (wrote) {
    for (const write of writes) {
      const target = path.join(root, ...write.path.split('/'));
      if (write.text === null) await rm(target, { force: true });
      else {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, write.text, 'utf8');
      }
    }
    await writeManifest(root, next);
  }
  return {
    from: manifest.version === '' ? null : manifest.version,
    to: next.version,
    changes: changes.sort((a, b) => a.path.localeCompare(b.path)),
    wrote,
  };
}

async function readText(root: string, file: string): Promise<string | null> {
  try {
    return await readFile(path.join(root, ...file.split('/')), 'utf8');
  } catch {
    return null;
  }
}
