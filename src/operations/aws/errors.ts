/** What an AWS error the SDK gave up on (after its own retries) means, in one line. */
import { awsText } from './response-text.js';

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'ForbiddenException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthFailure',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ThrottledException',
  'CallRateLimitExceededException',
]);
// RoleAccessError: credentials or a role that could not be had (role-access.ts), its message saying what to configure.
const UNREACHABLE = new Set([
  'RoleAccessError',
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'TimeoutError',
  'NetworkingError',
]);
const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

export type AwsErrorKind = 'unreachable' | 'access denied' | 'throttled' | 'error';

/** The kind of an error: every service spells "access denied" and "throttled" its own way. */
export function awsErrorKind(error: unknown): AwsErrorKind {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // A role that cannot be assumed makes the whole account unreachable, whatever STS calls the error.
  if (/sts:AssumeRole|AssumeRole/.test(message) || UNREACHABLE.has(name) || (typeof code === 'string' && NETWORK_CODES.has(code)))
    return 'unreachable';
  if (ACCESS_DENIED.has(name)) return 'access denied';
  if (THROTTLED.has(name)) return 'throttled';
  return 'error';
}

/** `Name: first line of the message`, without control characters (the message comes from AWS). */
export function awsErrorLine(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  return awsText(`${name}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]!}`);
}

/** The error in one line, naming the permissions the role needs when access was denied. */
export function describeAwsError(error: unknown, needed: string): string {
  return `${awsErrorLine(error)}${awsErrorKind(error) === 'access denied' ? ` (the role needs ${needed})` : ''}`;
}
