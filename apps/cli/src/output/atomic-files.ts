import { rename, rm, writeFile } from 'node:fs/promises';

/** A file to write: `write` puts the whole content at the path it is given. */
export interface PendingFile {
  readonly path: string;
  readonly write: (temporaryPath: string) => Promise<void>;
}

/** A PendingFile of content already in memory. */
export function textFile(path: string, content: string): PendingFile {
  return { path, write: (temporary) => writeFile(temporary, content) };
}

/**
 * Writes every file under a temporary name beside its final path and renames them only
 * when all are complete, so a failure never leaves a new file beside an old one (or a
 * half-written one). Temporary files are removed on failure.
 */
export async function writeAllOrNothing(files: readonly PendingFile[]): Promise<void> {
  const temporary = (path: string): string => `${path}.${process.pid}.tmp`;
  try {
    for (const file of files) await file.write(temporary(file.path));
    for (const file of files) await rename(temporary(file.path), file.path);
  } catch (error) {
    await Promise.all(files.map((file) => rm(temporary(file.path), { force: true })));
    throw error;
  }
}
