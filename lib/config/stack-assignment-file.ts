/**
 * The stack assignment file: which stack holds each principal's policies, kept beside the grants
 * so that every synth places principals where the last one did (see lib/model/stacks.ts).
 */
import * as fs from 'fs';
import { GrantValidationError } from '../model/errors';
import { StackAssignment, checkStackAssignment, stackAssignmentText } from '../model/stacks';

/** The assignment in `path`, or undefined when there is no file yet. */
export function readStackAssignment(path: string): StackAssignment | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.code === 'ENOENT') return undefined;
    throw new GrantValidationError(path, 'stack assignment file', path, `cannot be read (${error.code ?? error.message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GrantValidationError(path, 'stack assignment file', path, `is not JSON (${(e as Error).message})`,
      'restore it from version control, or delete it to place every principal afresh');
  }
  return checkStackAssignment(value, path);
}

/** Writes the assignment when it differs from the file's text; says whether it did. */
export function writeStackAssignment(path: string, assignment: StackAssignment): boolean {
  const text = stackAssignmentText(assignment);
  let current: string | undefined;
  try {
    current = fs.readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  fs.writeFileSync(path, text);
  return true;
}
