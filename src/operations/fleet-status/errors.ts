/** An AWS error as an account problem: what kind, in one line. */
import { awsErrorKind, awsErrorLine } from '../aws/errors.js';
import type { AccountProblem } from './status.js';

/** The problem of one call in one account and region. */
export function accountProblem(accountId: string, region: string, action: string, error: unknown): AccountProblem {
  return { accountId, region, action, kind: awsErrorKind(error), message: awsErrorLine(error) };
}
