/**
 * `cr-grants summary`: the access a template grants, as a matrix (printed by
 * lib/cli/format-summary.ts). Levels are computed by the evaluator (see access-matrix.ts).
 */
import { readTemplate } from '../template/template';
import { AccessMatrix, accessMatrix } from './access-matrix';

export function summarizeTemplate(template: any): AccessMatrix {
  return accessMatrix(readTemplate(template));
}
