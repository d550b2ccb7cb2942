import { FormatError } from '@vplan/formats';

/**
 * A path the user gave cannot be read as asked (`path: not found`, `path: not a
 * directory`, `path: no trace files …`). Like `FormatError`, its message is shown as is.
 */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'InputError';
  }
}

/** True for the errors that describe bad input (show the message, exit non-zero, no stack). */
export function isInputProblem(error: unknown): error is InputError | FormatError {
  return error instanceof InputError || error instanceof FormatError;
}

/** Turns a Node file-system error about `path` into an InputError; rethrows anything else. */
export function toInputError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new InputError(path, 'not found');
    case 'ENOTDIR':
      return new InputError(path, 'not a directory');
    case 'EISDIR':
      return new InputError(path, 'is a directory, expected a file');
    case 'EACCES':
    case 'EPERM':
      return new InputError(path, 'permission denied');
    default:
      throw error;
  }
}
