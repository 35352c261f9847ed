/**
 * Witnesses a reviewer can read. The search finds a shortest request (`cr:delete` on
 * `acs:cr:::repository/cri-1/prod/`), which proves the point but reads badly; this tries the
 * names of real actions and fills empty ARN segments with plausible values, keeping a change
 * only when the request still witnesses the same thing. The search's own request is the
 * fallback, so a witness is never lost.
 */
import { CR_ACTION_CATALOGUE } from '../model/actions';
import { Request } from './statements';

/** Stand-ins for empty segments: a region and an account id that read as examples. */
const EXAMPLE_REGION = 'cn-hangzhou';
const EXAMPLE_ACCOUNT = '123456789012';
const EXAMPLE_NAME = 'app';
const GENERIC_REPOSITORY = 'acs:cr:*:*:repository/cri-123456/*/*';
const EXAMPLE_SEGMENTS = ['cri-654321', 'team', EXAMPLE_NAME];

export function presentableRequest(found: Request, witnesses: (request: Request) => boolean, resourcePatterns: readonly string[],
  preferredActions: readonly string[] = CR_ACTION_CATALOGUE): Request {
  // Everyday actions first: a lost pull says more than a lost cr:GetInstance.
  const actions = [...preferredActions, found.action];
  const resources = [...resourcePatterns.map(instantiate), ...resourceCandidates(found.resource), found.resource];
  for (const action of actions) {
    for (const resource of resources) {
      if (witnesses({ action, resource })) return { action, resource };
    }
  }
  return found;
}

/** A pattern made concrete: `*` segments of an ARN filled with examples, other stars with a name. */
function instantiate(pattern: string): string {
  // A trust policy's caller (read-statements.ts): an account, a user or a role of one.
  if (pattern.startsWith('RAM:')) {
    const name = pattern.slice('RAM:'.length);
    const parts = (name === '*' ? `acs:ram::${EXAMPLE_ACCOUNT}:root` : name).split(':');
    if (parts[0] === 'acs' && parts.length >= 5) {
      if (parts[3] === '*') parts[3] = EXAMPLE_ACCOUNT;
      if (parts.slice(4).join(':') === '*') return `RAM:${[...parts.slice(0, 4), 'root'].join(':')}`;
    }
    return `RAM:${parts.join(':').split('*').join(EXAMPLE_NAME)}`;
  }
  // `*` says nothing; a repository of an example instance reads better and is covered by it.
  const parts = (pattern === '*' ? GENERIC_REPOSITORY : pattern).split(':');
  if (parts[0] === 'acs' && parts.length >= 5) {
    if (parts[2] === '*') parts[2] = EXAMPLE_REGION;
    if (parts[3] === '*') parts[3] = EXAMPLE_ACCOUNT;
    const path = parts.slice(4).join(':').split('/');
    // repository/<instance>/<namespace>/<repository>: each wildcard segment gets a name of its kind.
    if (path[0] === 'repository') EXAMPLE_SEGMENTS.forEach((name, i) => { if (path[i + 1] === '*') path[i + 1] = name; });
    return [...parts.slice(0, 4), path.join('/')].join(':').split('*').join(EXAMPLE_NAME);
  }
  return parts.join(':').split('*').join(EXAMPLE_NAME);
}

/** The resource with empty region, account and trailing segments filled, most filled first. */
function resourceCandidates(resource: string): string[] {
  const parts = resource.split(':');
  if (parts[0] !== 'acs' || parts.length < 5) return [];
  const fill = (region: boolean, account: boolean, tail: boolean) => {
    const p = [...parts];
    if (region && p[2] === '') p[2] = EXAMPLE_REGION;
    if (account && p[3] === '') p[3] = EXAMPLE_ACCOUNT;
    let text = p.join(':');
    if (tail && text.endsWith('/')) text += EXAMPLE_NAME;
    return text;
  };
  const candidates: string[] = [];
  for (const tail of [true, false]) {
    for (const [region, account] of [[true, true], [true, false], [false, true]]) candidates.push(fill(region, account, tail));
  }
  return [...new Set(candidates)].filter((c) => c !== resource);
}
