/**
 * Which exercises the app lists: the built-in lecture's, or those of an assignment file
 * (`*.faultlab-assignment.json`, shared/assignment.ts) the user opened. A file opened from
 * the operating system or the menu has a path, and its scenario files are read beside it
 * (electron/report/assignment-file.ts); a file chosen in the window comes without its
 * folder, so the scenario files it names must be chosen with it, and are matched by name.
 * Either way every problem names its field, as shared/assignment.ts words it, and the list
 * stays as it was.
 */
import { basename } from 'node:path';
import type { AssignmentView } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { Assignment, ResolvedAssignment } from '../../../shared/assignment.js';
import { ASSIGNMENT_EXTENSION, AssignmentError, parseAssignmentText, resolveAssignment } from '../../../shared/assignment.js';
import type { Exercise } from '../../../shared/exercises.js';
import { BUILTIN_ASSIGNMENT, EXERCISES, exercisesOf } from '../../../shared/exercises.js';
import { AssignmentFileError, loadAssignmentFile } from '../../report/assignment-file.js';

/** Problems listed in one message before "and N more". */
const MAX_PROBLEMS_SHOWN = 8;

/** A file chosen in the window: its name (no folder) and its text. */
export interface ChosenFile {
  name: string;
  text: string;
}

/** The file name a reference ends with ("../scenarios/a.faultlab.json" -> "a.faultlab.json"). */
const nameOf = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

function problemsSentence(fileName: string, problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length - shown.length;
  return `${fileName} cannot be used as an assignment: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

function viewOf(a: Pick<Assignment, 'title' | 'course'>, exercises: Exercise[], fileName: string | null, unreadFiles: string[] = []): AssignmentView {
  return { builtIn: fileName === null, title: a.title, course: a.course, fileName, exercises, unreadFiles };
}

const BUILTIN_VIEW: AssignmentView = viewOf(BUILTIN_ASSIGNMENT, EXERCISES, null);

export class Assignments {
  private current: AssignmentView = BUILTIN_VIEW;

  /** What the app lists now (a copy: the renderer's is its own). */
  view(): AssignmentView {
    return structuredClone(this.current);
  }

  /** The exercise of the listed assignment with this id. */
  exercise(id: string): Exercise | undefined {
    return this.current.exercises.find((e) => e.id === id);
  }

  /** Back to the built-in exercises. */
  close(): AssignmentView {
    this.current = BUILTIN_VIEW;
    return this.view();
  }

  /**
   * An assignment file on disk (the operating system, the menu): its scenario files are
   * read relative to it. Throws LabError with every problem named.
   */
  openPath(path: string): AssignmentView {
    let resolved: ResolvedAssignment;
    try {
      resolved = loadAssignmentFile(path);
    } catch (err) {
      if (err instanceof AssignmentFileError) throw new LabError('bad-call', problemsSentence(basename(path), [err.message.replace(`${path}: `, '')]));
      throw err;
    }
    this.current = viewOf(resolved, exercisesOf(resolved), basename(path));
    return this.view();
  }

  /**
   * An assignment chosen in the window, with the scenario files it names chosen beside it.
   * The assignment is the file named `*.faultlab-assignment.json` (or the only file). A
   * scenario given as a file alone must be among the files chosen; one given inline too is
   * taken inline when its file was not chosen, and the view says which.
   */
  openChosen(files: readonly ChosenFile[]): AssignmentView {
    const named = files.filter((f) => f.name.toLowerCase().endsWith(ASSIGNMENT_EXTENSION));
    if (named.length > 1) throw new LabError('bad-call', `Choose one assignment at a time: ${named.map((f) => f.name).join(', ')} are all assignment files.`);
    const main = named[0] ?? (files.length === 1 ? files[0] : undefined);
    if (!main) throw new LabError('bad-call', `None of the files chosen is an assignment: an assignment file's name ends in ${ASSIGNMENT_EXTENSION}.`);
    const others = new Map(files.filter((f) => f !== main).map((f) => [f.name, f.text]));
    let parsed: Assignment;
    try {
      parsed = parseAssignmentText(main.text.charCodeAt(0) === 0xfeff ? main.text.slice(1) : main.text);
    } catch (err) {
      if (err instanceof AssignmentError) throw new LabError('bad-call', problemsSentence(main.name, err.problems));
      throw err;
    }
    // Inline scenarios whose file was not chosen are used as they are: the file is not checked against them.
    const unread: string[] = [];
    const withFiles: Assignment = {
      ...parsed,
      exercises: parsed.exercises.map((e) => ({
        ...e,
        scenarios: e.scenarios.map((s) => {
          if (s.file === null || s.input === null || others.has(nameOf(s.file))) return s;
          unread.push(s.file);
          return { ...s, file: null };
        }),
      })),
    };
    const read = (file: string): unknown => {
      const text = others.get(nameOf(file));
      if (text === undefined) throw new Error(`not among the files chosen: a file chosen in the window comes without its folder, so choose ${nameOf(file)} together with the assignment (select both, or drop them together), or give the scenario inline ("scenario")`);
      try {
        return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
      } catch (err) {
        throw new Error(`not valid JSON: ${(err as Error).message}`);
      }
    };
    let resolved: ResolvedAssignment;
    try {
      resolved = resolveAssignment(withFiles, read);
    } catch (err) {
      if (err instanceof AssignmentError) throw new LabError('bad-call', problemsSentence(main.name, err.problems));
      throw err;
    }
    this.current = viewOf(resolved, exercisesOf(resolved), main.name, unread);
    return this.view();
  }
}
