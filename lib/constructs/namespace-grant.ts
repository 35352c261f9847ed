import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grant, checkPrincipal } from '../model/grant';
import { DEFAULT_LIMITS } from '../model/limits';
import { derivePolicyName } from '../model/names';
import { attachmentsFor, describeGrant, planSingleGrant } from '../model/planner';
import { PlannedAttachment } from '../model/plan';
import { PolicyDocument as PlannedDocument } from '../model/policy';
import { principalLabel } from '../model/principal';
import { FIELD_RULES } from '../model/field-rules';
import { allowedPatternOf } from '../model/parameter-values';
import { TOKEN_VALUE_ALLOWANCE, deployedDocumentSize, stableText } from '../model/token';
import { checkField } from '../model/validate';
import { GrantSpec, grantOf, principalOf } from './grant-spec';
import { Grantee } from './grantee';
import { PolicyDocument, typedDocument } from './policy-document';
import { renderAttachment, renderPolicy } from './render';
import { TokenReader } from './tokens';

export interface NamespaceGrantProps extends GrantSpec {
  /**
   * The RAM policy name. Changing it, or the description, replaces the policy.
   * @default - readable words from the construct path and a hash of the path and description
   */
  readonly policyName?: string;
  /** @default - the level, instance, namespace, regions and account in words */
  readonly description?: string;
}

/** One grant on one namespace: one custom policy, attached to every grantee. */
export class NamespaceGrant extends ros.Construct {
  /**
   * An AllowedPattern for a `ros.RosParameter` that gives `instanceId`. A parameter is accepted only
   * when its AllowedPattern or AllowedValues keep every value inside the field's rule; each of these
   * patterns ends in `(?!\n)$`, so it holds also where `$` matches before a final newline.
   */
  public static readonly INSTANCE_ID_PATTERN: string = allowedPatternOf(FIELD_RULES.instanceId);
  /** An AllowedPattern for a parameter that gives `namespace`. */
  public static readonly NAMESPACE_PATTERN: string = allowedPatternOf(FIELD_RULES.namespace);
  /** An AllowedPattern for a parameter that gives a region of `regions`. */
  public static readonly REGION_PATTERN: string = allowedPatternOf(FIELD_RULES.region);
  /** An AllowedPattern for a parameter that gives `accountId`. */
  public static readonly ACCOUNT_ID_PATTERN: string = allowedPatternOf(FIELD_RULES.accountId);
  /** An AllowedPattern for a parameter that gives a RAM user name. */
  public static readonly USER_NAME_PATTERN: string = allowedPatternOf(FIELD_RULES.userName);
  /** An AllowedPattern for a parameter that gives a RAM group name. */
  public static readonly GROUP_NAME_PATTERN: string = allowedPatternOf(FIELD_RULES.groupName);
  /** An AllowedPattern for a parameter that gives a RAM role name. */
  public static readonly ROLE_NAME_PATTERN: string = allowedPatternOf(FIELD_RULES.roleName);
  /** An AllowedPattern for a parameter that gives `resourceGroupId`. */
  public static readonly RESOURCE_GROUP_ID_PATTERN: string = allowedPatternOf(FIELD_RULES.resourceGroupId);
  /** An AllowedPattern for a parameter that gives `policyName`. */
  public static readonly POLICY_NAME_PATTERN: string = allowedPatternOf(FIELD_RULES.policyName);

  /** The custom policy. */
  public readonly policy: ram.ManagedPolicy;
  /** Its RAM name. */
  public readonly policyName: string;
  /** The rendered RAM policy document. */
  public readonly document: PolicyDocument;

  private readonly grant: Grant;
  /** The document as planned and written into the template. */
  private readonly planned: PlannedDocument;
  private readonly attached = new Set<string>();
  private readonly tokens = new TokenReader();

  constructor(scope: ros.Construct, id: string, props: NamespaceGrantProps) {
    super(scope, id);
    const where = this.node.path;
    this.grant = grantOf(props, where, this.tokens, ['policyName', 'description']);
    const description = this.tokens.validated(() => {
      const text = props.description === undefined ? describeGrant(this.grant)
        : this.tokens.read(where, props.description, { rule: FIELD_RULES.description, field: 'description' }) as string;
      checkField(where, FIELD_RULES.description, text);
      return text;
    });
    this.policyName = this.tokens.validated(() => {
      // Hashed as it reads once tokens are resolved: token numbers change with unrelated code.
      const name = props.policyName === undefined
        ? derivePolicyName(where, `${where}\n${stableText(description, this.tokens.describe)}`)
        : this.tokens.read(where, props.policyName, { rule: FIELD_RULES.policyName, field: 'policyName', knownAtConstruction: true }) as string;
      checkField(where, FIELD_RULES.policyName, name);
      return name;
    });

    const plan = planSingleGrant(this.grant, this.policyName, description);
    this.planned = plan.policies[0].document;
    this.document = typedDocument(this.planned);
    this.policy = renderPolicy(this, plan.policies[0], this.tokens.describe);
    for (const attachment of plan.attachments) this.attach(attachment);
  }

  /** Grants the same access to one more user, group or role; a repeat is ignored. */
  public addGrantee(grantee: Grantee): void {
    const principal = this.tokens.validated(() => {
      const given = principalOf(grantee, this.node.path, 'grantee', this.tokens);
      checkPrincipal(this.node.path, given);
      return given;
    });
    for (const attachment of attachmentsFor({ ...this.grant, principals: [principal] }, [this.policyName])) {
      this.attach(attachment);
    }
  }

  /**
   * RAM refuses a document over its size limit only at deployment; say so at synth. Unlike
   * `RegistryAccess`, one grant is one document, so there is nothing to split. Limit:
   * https://www.alibabacloud.com/help/en/ram/product-overview/limits
   */
  protected validate(): string[] {
    // A constructor that threw leaves the construct in the tree without a document.
    if (this.planned === undefined) return [];
    // Throws the first refusal as it is, one line, like a refusal at construction.
    this.tokens.checkDeferred();
    const size = deployedDocumentSize(this.planned);
    const limit = DEFAULT_LIMITS.maxDocumentCharacters;
    if (size <= limit) return [];
    return [`${this.node.path}: policy document is ${size} characters (each token counted as ${TOKEN_VALUE_ALLOWANCE}), `
      + `more than RAM's ${limit} per policy document: list fewer regions, or use RegistryAccess, which splits large documents`];
  }

  private attach(attachment: PlannedAttachment): void {
    const key = `${attachment.policyName}\n${principalLabel(attachment.principal)}`;
    if (this.attached.has(key)) return;
    this.attached.add(key);
    renderAttachment(this, attachment, attachment.policyType === 'Custom' ? this.policy : undefined);
  }
}
