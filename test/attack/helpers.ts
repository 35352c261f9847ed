import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, CliResult } from '../cli/run-cli';

/** Writes `content` (object as JSON, or raw text) to a temp file with the given extension. */
export function file(name: string, content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-attack-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

export function diff(oldT: unknown, newT: unknown, ext = 'json', ...extra: string[]): CliResult {
  return run('diff', file(`old.${ext}`, oldT), file(`new.${ext}`, newT), ...extra);
}

export function template(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { ROSTemplateFormatVersion: '2015-09-01', ...extra, Resources: resources };
}

export function policy(name: string, statements: unknown[], users: string[] = ['alice']): Record<string, unknown> {
  return { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: { Version: '1', Statement: statements }, Users: users } };
}

export const PULL = { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-123456/team/*'] };
export const EMPTY = template({ U: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice' } } });
