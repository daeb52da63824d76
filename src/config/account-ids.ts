/** Account ids written without quotes in team.yaml: a YAML number must read as the id written. */
import { visit } from 'yaml';
import type { Problems } from '../core/problems.js';
import { reportAt, yamlPathOf, type YamlSource } from '../core/yaml-source.js';

/** What to do about an unquoted account id that is not 12 digits (team-schema says it for the value). */
export const QUOTE_ACCOUNT_ID_HINT =
  'quote the id as written, leading zeros included, e.g. "012345678901": unquoted, YAML reads it as a number and drops them';

/**
 * Reports account ids (`account`, `accounts[n]`) whose value has 12 digits but whose text does
 * not, as `0123456789012` or `1.23456789012e11`: the value would silently differ from the text.
 * Values of another length are team-schema's to report.
 */
export function checkWrittenAccountIds(source: YamlSource, problems: Problems): void {
  visit(source.doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'number' || !/^\d{12}$/.test(String(node.value))) return;
      const path = yamlPathOf([...ancestors, node]);
      const [last, parent] = [path[path.length - 1], path[path.length - 2]];
      if (last !== 'account' && !(parent === 'accounts' && typeof last === 'number')) return;
      const written = node.source ?? String(node.value);
      if (!/^\d{12}$/.test(written))
        reportAt(problems, source, path, `the unquoted account id ${written} reads as the number ${node.value}`, QUOTE_ACCOUNT_ID_HINT);
    },
  });
}
