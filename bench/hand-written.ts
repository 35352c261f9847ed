/**
 * A hand-written policy for the review benchmark: the kind of document people write without
 * this library, long and irregular. A deterministic function of its size: statements cycle
 * through shapes with wildcards in every ARN segment and in actions, `?`, Deny exceptions,
 * NotAction, Conditions, other services and repositories inside namespaces.
 */
import { INSTANCES } from './grants';

const REGIONS = ['*', 'cn-hangzhou', 'cn-shanghai', 'cn-*', 'cn-beijing'];
const ACCOUNTS = ['*', '123456789012', '1234*'];

/** Statement `i` of a hand-written policy. */
export function handWrittenStatement(i: number): object {
  const region = REGIONS[i % REGIONS.length];
  const account = ACCOUNTS[Math.floor(i / 5) % ACCOUNTS.length];
  const instance = INSTANCES[i % INSTANCES.length];
  const team = `team-${String(i % 37).padStart(2, '0')}`;
  const arn = (path: string) => `acs:cr:${region}:${account}:${path}`;
  switch (i % 12) {
    case 0: return { Effect: 'Allow', Action: ['cr:Pull*', 'cr:Get*'], Resource: [arn(`repository/${instance}/${team}-*`), arn(`repository/${instance}/${team}-*/*`)] };
    case 1: return { Effect: 'Allow', Action: 'cr:*', Resource: arn(`repository/${instance}/${team}-svc-${i}/*`) };
    case 2: return { Effect: 'Deny', Action: ['cr:Delete*', 'cr:Update*'], Resource: arn(`repository/*/${team}-*/prod-*`) };
    case 3: return { Effect: 'Allow', Action: ['cr:PushRepository', 'cr:PullRepository', 'cr:CreateRepository'], Resource: [arn(`repository/${instance}/${team}-svc-${i}`), arn(`repository/${instance}/${team}-svc-${i}/*`)] };
    case 4: return { Effect: 'Allow', NotAction: ['cr:Delete*', 'ram:*'], Resource: arn(`repository/${instance}/${team}-sandbox-?/*`) };
    case 5: return { Effect: 'Allow', Action: ['cr:List*', 'cr:GetInstance*'], Resource: [arn(`repository/${instance}/*`), arn(`instance/${instance}`)] };
    case 6: return { Effect: 'Deny', NotAction: ['cr:Pull*', 'cr:Get*', 'cr:List*'], Resource: arn(`repository/${instance}/${team}-frozen-${i}/*`) };
    case 7: return { Effect: 'Allow', Action: 'cr:*Repository', Resource: arn(`repository/${instance}/${team}-*-${i % 10}/app-*`), Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } };
    case 8: return { Effect: 'Allow', Action: ['oss:GetObject', 'oss:ListObjects'], Resource: `acs:oss:*:*:bucket-${team}/*` };
    case 9: return { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' };
    case 10: return { Effect: 'Deny', Action: 'cr:*', Resource: arn(`repository/${instance}/${team}-svc-${i - 9}/secret*`) };
    default: return { Effect: 'Allow', Action: ['cr:P?llRepository', 'cr:Pu*'], Resource: arn(`repository/*/${team}-shared/*`) };
  }
}

/** A template attaching one hand-written policy of `statements` statements to one user. */
export function handWrittenTemplate(statements: number, edit?: (list: object[]) => void): object {
  const list = Array.from({ length: statements }, (_, i) => handWrittenStatement(i));
  edit?.(list);
  return {
    ROSTemplateFormatVersion: '2015-09-01',
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: { PolicyName: 'hand-written', PolicyDocument: { Version: '1', Statement: list }, Users: ['alice'] },
      },
    },
  };
}

/** The same policy after a review-worthy edit: one Deny dropped (a widening) and one Allow narrowed. */
export function editedHandWrittenTemplate(statements: number): object {
  return handWrittenTemplate(statements, (list) => {
    const deny = list.findIndex((s: any) => s.Effect === 'Deny' && s.Action !== undefined);
    list.splice(deny, 1);
    const allow = list.findIndex((s: any) => s.Effect === 'Allow' && Array.isArray(s.Resource) && s.Resource.length > 1);
    (list[allow] as any).Resource = (list[allow] as any).Resource.slice(0, 1);
  });
}
