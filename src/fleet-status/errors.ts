/** An AWS error as an account problem: what kind, in one line. */
import type { AccountProblem } from './model.js';

const ACCESS_DENIED = new Set(['AccessDeniedException', 'ForbiddenException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthFailure']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'TooManyRequestsException', 'ThrottledException', 'CallRateLimitExceededException']);
const UNREACHABLE = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'TimeoutError', 'NetworkingError']);
const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

/** The kind of an error the SDK gave up on (after its own retries). */
export function problemKind(error: unknown): AccountProblem['kind'] {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // A role that cannot be assumed makes the whole account unreachable, whatever STS calls the error.
  if (/sts:AssumeRole|AssumeRole/.test(message) || UNREACHABLE.has(name) || (typeof code === 'string' && NETWORK_CODES.has(code))) return 'unreachable';
  if (ACCESS_DENIED.has(name)) return 'access denied';
  if (THROTTLED.has(name)) return 'throttled';
  return 'error';
}

/** The problem of one call in one account and region. */
export function accountProblem(accountId: string, region: string, action: string, error: unknown): AccountProblem {
  const name = error instanceof Error ? error.name : 'Error';
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  return { accountId, region, action, kind: problemKind(error), message: `${name}: ${message}` };
}
