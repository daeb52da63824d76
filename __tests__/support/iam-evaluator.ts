/**
 * Judging IAM policies with an evaluator, not with string matching: `@cloud-copilot/iam-simulate`
 * (conditions, policy variables such as `${aws:PrincipalTag/Team}`, ARN wildcards as the IAM User
 * Guide reads them, permissions boundaries, resource and trust policies).
 *
 * Every simulation is validated by the library (actions exist, ARNs fit the action's resource
 * types, context keys apply). A context key the library would drop makes the test fail rather than
 * pass silently, with one documented exception: the generic OIDC claims (`<provider>:sub`, `:aud`,
 * `:amr`) that the IAM User Guide documents for web-identity federation are missing from the
 * library's Service Authorization Reference data for `sts:AssumeRoleWithWebIdentity`. For those
 * requests, once the library has validated the input, the same core engine runs with the claims
 * kept (what the library's `runUnsafeSimulation` does, which cannot take a trust policy in 0.1.173).
 *
 * One more gap of 0.1.173 is closed before the library sees the policies: an ARN whose resource part
 * starts with a policy variable (`arn:aws:sns:*:111111111111:${aws:PrincipalTag/Team}-image-builds`)
 * is split by the library at the variable's own colon and never matches. There the caller's principal
 * tag is put in place as IAM does; an entry whose tag the caller lacks matches nothing, as in IAM.
 */
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, type EvaluationResult, type Simulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../src/model/foundation/policy-document.js';

/** Who makes a request: a principal ARN and what applies to it. */
export interface Caller {
  /** The principal's ARN (a role, the session's role, a service principal, or an OIDC provider). */
  arn: string;
  /** Its identity policies (inline and attached), by name. */
  policies?: Readonly<Record<string, PolicyDocument | string>>;
  /** Its permissions boundary. */
  boundary?: PolicyDocument | string;
  /** Its principal tags (role tags and session tags), offered as `aws:PrincipalTag/<key>`. */
  tags?: Readonly<Record<string, string>>;
}

/**
 * A role of `account` whose identity policy allows what launching from an encrypted AMI needs, so
 * that the key policy alone decides.
 */
export const kmsLauncher = (account: string, name = 'launcher'): Caller => ({
  arn: `arn:aws:iam::${account}:role/${name}`,
  policies: {
    own: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:CreateGrant', 'kms:ReEncryptFrom', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
          Resource: '*',
        },
      ],
    }),
  },
});

/** What is asked. */
export interface Request {
  action: string;
  resource: string;
  /** The account that owns the resource; defaults to the account in the resource ARN, else the caller's. */
  resourceAccount?: string;
  /** The resource's own policy (bucket, key, bus policy, or a role's trust policy). */
  resourcePolicy?: PolicyDocument | string;
  /** Request context keys (`aws:RequestTag/…`, `iam:PermissionsBoundary`, `kms:GrantIsForAWSResource`, OIDC claims …). */
  context?: Readonly<Record<string, string | string[]>>;
}

/** The evaluator's decision: `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`. */
export type Decision = EvaluationResult;

const asObject = (p: PolicyDocument | string) => (typeof p === 'string' ? JSON.parse(p) : p);

/** An ARN whose resource part (after the fifth colon) starts with `${aws:PrincipalTag/<key>}`. */
const LEADING_TAG_VARIABLE = /^(arn:[^:]*:[^:]*:[^:]*:[^:]*:)\$\{aws:PrincipalTag\/([^}]+)\}(.*)$/;

/** The policy with leading principal-tag variables of its ARNs put in place (see the module comment). */
function withLeadingTagsResolved(policy: PolicyDocument | string, tags: Readonly<Record<string, string>>): object {
  const document = structuredClone(asObject(policy));
  const resolve = (entries: unknown): string[] =>
    (Array.isArray(entries) ? entries : [entries]).flatMap((entry: string) => {
      const match = LEADING_TAG_VARIABLE.exec(entry);
      if (!match) return [entry];
      const value = tags[match[2]!];
      return value === undefined ? [] : [`${match[1]!}${value}${match[3]!}`];
    });
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).flatMap(
    (statement: Record<string, unknown>) => {
      for (const element of ['Resource', 'NotResource']) {
        if (statement[element] === undefined) continue;
        const resolved = resolve(statement[element]);
        if (!resolved.length) return [];
        statement[element] = resolved;
      }
      return [statement];
    },
  );
  return { ...document, Statement: statements };
}
const accountOf = (arn: string) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
const OIDC_CLAIMS_MISSING_FROM_DATA = /^[^:]+:(sub|aud|amr)$/i;

/** Evaluates one request the way AWS would decide it. Throws on input the evaluator cannot judge exactly. */
export async function decide(caller: Caller, request: Request): Promise<Decision> {
  const simulation = simulationOf(caller, request);
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new Error(`the evaluator refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single')
    throw new Error(`expected one resource to evaluate, got ${result.resultType} for ${request.resource}`);
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length === 0) return result.overallResult;
  if (request.action === 'sts:AssumeRoleWithWebIdentity' && ignored.every((k) => OIDC_CLAIMS_MISSING_FROM_DATA.test(k))) {
    return await coreDecision(simulation);
  }
  throw new Error(`the evaluator would ignore ${ignored.join(', ')} for ${request.action}: the test would not judge them`);
}

/** True when the request is allowed. */
export const allowed = async (caller: Caller, request: Request): Promise<boolean> => (await decide(caller, request)) === 'Allowed';

function simulationOf(caller: Caller, request: Request): Simulation {
  const tags = caller.tags ?? {};
  const principalTags = Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
  // AWS puts the principal's ARN and account in every request by an IAM principal (IAM User Guide, "AWS global condition context keys").
  const iamPrincipal = /^arn:[^:]+:iam::(\d{12}):(role|user)\//.exec(caller.arn);
  const principal: Record<string, string> = iamPrincipal
    ? { 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': iamPrincipal[1]! }
    : {};
  const account = request.resourceAccount ?? accountOf(request.resource) ?? accountOf(caller.arn) ?? '000000000000';
  return {
    request: {
      principal: caller.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: account },
      contextVariables: { ...principal, ...principalTags, ...request.context },
    },
    identityPolicies: Object.entries(caller.policies ?? {}).map(([name, policy]) => ({
      name,
      policy: withLeadingTagsResolved(policy, tags),
    })),
    permissionBoundaryPolicies: caller.boundary
      ? [{ name: 'boundary', policy: withLeadingTagsResolved(caller.boundary, tags) }]
      : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy ? withLeadingTagsResolved(request.resourcePolicy, tags) : undefined,
  };
}

/** The library's core engine on an already validated simulation, with every context key kept. */
async function coreDecision(simulation: Simulation): Promise<Decision> {
  const root = dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-simulate')).replace(/cjs$/, 'esm');
  const load = (file: string) => import(pathToFileURL(join(root, file)).href);
  const [{ authorize }, { AwsRequestImpl }, { RequestContextImpl }, { DiscoveryContextKeyConstraints }] = await Promise.all([
    load('core_engine/CoreSimulatorEngine.js'),
    load('request/request.js'),
    load('requestContext.js'),
    load('context_keys/discoveryContextKeyConstraints.js'),
  ]);
  const named = (name: string, policy: unknown) => loadPolicy(policy as any, { name });
  const { request } = simulation;
  const analysis = authorize({
    request: new AwsRequestImpl(request.principal, request.resource, request.action, new RequestContextImpl(request.contextVariables)),
    sessionPolicy: undefined,
    identityPolicies: simulation.identityPolicies.map((p) => named(p.name, p.policy)),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: simulation.resourcePolicy ? named('resource', simulation.resourcePolicy) : undefined,
    permissionBoundaries: simulation.permissionBoundaryPolicies?.map((p) => named(p.name, p.policy)),
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
  return analysis.result;
}
