import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grant, checkPrincipal } from '../model/grant';
import { DEFAULT_LIMITS } from '../model/limits';
import { derivePolicyName } from '../model/names';
import { attachmentsFor, describeGrant, planSingleGrant } from '../model/planner';
import { PlannedAttachment } from '../model/plan';
import { principalLabel } from '../model/principal';
import { FIELD_RULES } from '../model/field-rules';
import { TOKEN_VALUE_ALLOWANCE, deployedDocumentSize, stableText } from '../model/token';
import { checkField } from '../model/validate';
import { GrantSpec, grantOf, principalOf } from './grant-spec';
import { Grantee } from './grantee';
import { renderAttachment, renderPolicy } from './render';

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
  /** The custom policy. */
  public readonly policy: ram.ManagedPolicy;
  /** Its RAM name. */
  public readonly policyName: string;
  /** The rendered RAM policy document. */
  public readonly document: any;

  private readonly grant: Grant;
  private readonly attached = new Set<string>();

  constructor(scope: ros.Construct, id: string, props: NamespaceGrantProps) {
    super(scope, id);
    const where = this.node.path;
    this.grant = grantOf(props, where, ['policyName', 'description']);
    const description = props.description ?? describeGrant(this.grant);
    checkField(where, FIELD_RULES.description, description);
    // Hashed as it reads once tokens are resolved: token numbers change with unrelated code.
    this.policyName = props.policyName ?? derivePolicyName(where, `${where}\n${stableText(description)}`);
    checkField(where, FIELD_RULES.policyName, this.policyName);

    const plan = planSingleGrant(this.grant, this.policyName, description);
    this.document = plan.policies[0].document;
    this.policy = renderPolicy(this, plan.policies[0]);
    for (const attachment of plan.attachments) this.attach(attachment);
  }

  /** Grants the same access to one more user, group or role; a repeat is ignored. */
  public addGrantee(grantee: Grantee): void {
    const principal = principalOf(grantee, this.node.path, 'grantee');
    checkPrincipal(this.node.path, principal);
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
    if (this.document === undefined) return [];
    const size = deployedDocumentSize(this.document);
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
