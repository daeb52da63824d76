/**
 * Limits that keep hostile YAML from exhausting the stack or the memory of whatever reads it:
 * how deeply collections nest, and how much aliases repeat ("billion laughs").
 */
import { isAlias, isCollection, isNode, isPair, type Alias, type CST, type Document, type Node } from 'yaml';

/** Far deeper than any config file or component document; recursive readers stay well within the stack. */
export const MAX_NESTING = 64;
/** Values aliases may repeat in one file, counted as the nodes they stand for. */
export const MAX_ALIAS_EXPANSION = 10_000;

/**
 * The offset of the first collection nested more than MAX_NESTING deep, if any. Walks the parser's
 * tokens with an explicit stack, before anything reads them recursively.
 */
export function tooDeepAt(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token?.type === 'document') stack.push([token.value, depth]);
    if (token?.type !== 'block-map' && token?.type !== 'block-seq' && token?.type !== 'flow-collection') continue;
    if (depth + 1 > MAX_NESTING) return token.offset;
    for (const item of token.items) stack.push([item.key, depth + 1], [item.value, depth + 1]);
  }
  return undefined;
}

/** Why an alias cannot be used: no anchor before it, inside the value it names, or too much repetition. */
export interface AliasProblem {
  alias: Alias;
  reason: 'no-anchor' | 'self-reference' | 'expansion';
}

/**
 * The first alias that names no earlier anchor, refers to a value containing it, or makes the
 * aliases of the document repeat more than MAX_ALIAS_EXPANSION nodes. Recursion follows the
 * document's nesting (run after tooDeepAt allowed it), never an alias.
 */
export function aliasProblem(doc: Document.Parsed): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let repeated = 0;
  let problem: AliasProblem | undefined;
  const sizeOf = (node: unknown): number => {
    if (problem || !node || typeof node !== 'object') return 0;
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (isAlias(node)) {
      // As YAML reads it: the last anchor of that name before the alias.
      const target = anchors.get(node.source);
      const size = target && sizes.get(target);
      repeated += size ?? 0;
      if (!target) problem = { alias: node, reason: 'no-anchor' };
      else if (size === undefined) problem = { alias: node, reason: 'self-reference' };
      else if (repeated > MAX_ALIAS_EXPANSION) problem = { alias: node, reason: 'expansion' };
      return size ?? 0;
    }
    if (!isNode(node)) return 0;
    if (node.anchor) anchors.set(node.anchor, node);
    const size = 1 + (isCollection(node) ? node.items.reduce<number>((sum, item) => sum + sizeOf(item), 0) : 0);
    sizes.set(node, size);
    return size;
  };
  sizeOf(doc.contents);
  return problem;
}
