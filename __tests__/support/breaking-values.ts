/** Values that break each kind of provider value check, for the conformance and catalog tests. */
import type { ValueCheck } from '../../src/checks/conformance/argument-rules.js';

/** Values that break a check: bytes over the limit in multibyte text, off-list values, out-of-range numbers. */
export function breakingValues(check: ValueCheck): unknown[] {
  switch (check.kind) {
    case 'bytes':
      return [
        ...(check.max !== undefined ? ['é'.repeat(Math.floor(check.max / 2) + 1)] : []),
        ...(check.min !== undefined && check.min > 0 ? [''] : []),
      ];
    case 'pattern':
      return [
        '',
        ' leading space',
        'UPPER lower !@#$ ',
        'x'.repeat(2048),
        '“quoted”',
        '‘quoted’',
        '-',
        '1',
        'arn:aws:iam::123456789012:role/x',
        'default',
      ]
        .filter((v) => check.pattern.test(v) === Boolean(check.negate))
        .slice(0, 1);
    case 'enum':
      return ['not-a-listed-value'];
    case 'range':
      return [...(check.max !== undefined ? [check.max + 1] : []), ...(check.min !== undefined ? [check.min - 1] : [])];
    case 'json':
      return ['{"Version": '];
    case 'arn':
      return ['not-an-arn'];
    case 'account-id':
      return ['12345'];
  }
}
