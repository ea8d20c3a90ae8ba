import { copyFile, link } from 'node:fs/promises';
import { codeOf } from '../markdown/render-cache.ts';

/**
 * A cached file into the output as a hard link: one file-system entry instead of a copy, at
 * about a third of the time for ten thousand files. Where links are refused (another file
 * system), the file is copied; a file that is not there fails (ENOENT). GitHub Pages' artifact
 * step archives with `--hard-dereference`, so a link publishes as the file it names.
 */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') throw error;
    await copyFile(source, target);
  }
}
