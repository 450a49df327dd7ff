/** Every `faultlab` subcommand, by name. Add a command by adding its module here. */
import type { Command } from '../common.js';
import type { CommandName } from '../words.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { compareCommand } from './compare.js';
import { sweepCommand } from './sweep.js';
import { reportCommand } from './report.js';
import { verifyCommand } from './verify.js';
import { huntCommand } from './hunt.js';
import { testCommand } from './test.js';
import { gradeCommand } from './grade.js';
import { forkCommand } from './fork.js';

export const COMMANDS: Record<CommandName, Command> = {
  run: runCommand,
  serve: serveCommand,
  compare: compareCommand,
  sweep: sweepCommand,
  report: reportCommand,
  verify: verifyCommand,
  hunt: huntCommand,
  test: testCommand,
  grade: gradeCommand,
  fork: forkCommand,
};
