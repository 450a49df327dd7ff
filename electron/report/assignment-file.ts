/**
 * Reads an assignment file (`*.faultlab-assignment.json`, shared/assignment.ts) from disk:
 * its scenario files are resolved relative to the assignment's own folder, so a teacher
 * can hand out one folder (the assignment and its scenarios) and have it read anywhere.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ResolvedAssignment } from '../../shared/assignment.js';
import { AssignmentError, parseAssignmentText, resolveAssignment } from '../../shared/assignment.js';

/** An assignment file that cannot be used: missing, not JSON, or wrong in named fields. */
export class AssignmentFileError extends Error {}

function fileProblem(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (err as Error).message;
}

/** The assignment at `path`, every scenario read; throws AssignmentFileError with one line naming each problem. */
export function loadAssignmentFile(path: string): ResolvedAssignment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AssignmentFileError(`${path}: ${fileProblem(path, err)}`);
  }
  const folder = dirname(resolve(path));
  const read = (file: string): unknown => {
    let content: string;
    try {
      content = readFileSync(resolve(folder, file), 'utf8');
    } catch (err) {
      throw new Error(fileProblem(file, err));
    }
    try {
      return JSON.parse(content) as unknown;
    } catch (err) {
      throw new Error(`not valid JSON: ${(err as Error).message}`);
    }
  };
  try {
    return resolveAssignment(parseAssignmentText(text), read);
  } catch (err) {
    if (err instanceof AssignmentError) throw new AssignmentFileError(`${path}: ${err.problems.join('; ')}`);
    throw err;
  }
}
