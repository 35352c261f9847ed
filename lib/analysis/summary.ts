/**
 * `cr-grants summary`: the access a template grants, as a matrix (printed by
 * lib/cli/format-summary.ts). Namespace rows come from probing each namespace the documents
 * name; the rows that follow them are decided exactly, so every request a principal may be
 * allowed is shown by some row (see access-matrix.ts).
 */
import { readPrincipals } from '../template/principals';
import { AccessMatrix, accessMatrix } from './access-matrix';

export function summarizeTemplate(template: unknown, parameters: { readonly [name: string]: string } = {}): AccessMatrix {
  return accessMatrix(readPrincipals(template, parameters));
}
