/**
 * What the nodes of a config file may not hold: explicit tags, invisible or control characters in
 * names and descriptions, keys JavaScript gives a meaning of their own, and cdktf's reference markers.
 */
import { isPair, isScalar, visit, type Document, type Node } from 'yaml';

/** One node that breaks a content rule, where it breaks it (an offset into the text). */
export interface ContentProblem {
  /** The chain of ancestors `visit` passes, ending with the node. */
  chain: readonly unknown[];
  offset: number;
  message: string;
  hint: string;
}

/**
 * Control characters (C0 and C1, DEL) and invisible formatting characters (bidirectional
 * overrides, zero-width spaces, line and paragraph separators, ...) in names: keys and `name`
 * values. Descriptions may span lines, so tab and newline are fine there. Other values (commands,
 * parameter values) reach AWS byte for byte, whatever they hold.
 */
const HIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const HIDDEN_IN_DESCRIPTIONS = /[^\P{Cc}\t\n]|[\p{Cf}\p{Zl}\p{Zp}]/u;
/** A tag as written: `!Ref`, `!!binary`, `!e!local`, `!<tag:yaml.org,2002:str>`. */
const TAG = /(?<=^|[\s,[\]{}])!(?:<[^>]*>|[^\s,[\]{}]*)/g;
/** How far before its value a tag is looked for. */
const TAG_WINDOW = 1024;
/**
 * cdktf's markers for its own references (string, list and map tokens). Text holding one would be
 * swapped for a reference, or stop synthesis, instead of reaching AWS as written.
 */
const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;
/** Keys that would change an object's prototype, or read as its inherited members. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor']);

/** What to do about a tag in a config file. */
export const CONFIG_TAG_HINT = 'remove the tag: these files take plain YAML values (quote a value to make it text)';

/**
 * Every tag, hidden character in a name or description, and special key of a parsed document, in
 * document order; `tagHint` says what to do about a tag in this kind of file.
 */
export function contentProblems(doc: Document.Parsed, text: string, tagHint = CONFIG_TAG_HINT): ContentProblem[] {
  const found: ContentProblem[] = [];
  visit(doc, {
    Node(key, node, ancestors) {
      const chain = [...ancestors, node];
      if (node.tag) found.push(tagProblem(node, text, chain, tagHint));
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const isKey = key === 'key';
      if (isKey && SPECIAL_KEYS.has(node.value)) {
        found.push({
          chain,
          offset: node.range?.[0] ?? 0,
          message: `the key "${node.value}" is not allowed`,
          hint: 'JavaScript gives "__proto__" and "constructor" a meaning of their own: rename the key',
        });
      }
      const marker = CDKTF_TOKEN_MARKER.exec(node.value)?.[0];
      if (marker) {
        found.push({
          chain,
          offset: node.range?.[0] ?? 0,
          message: `the text "${marker}" is reserved: CDK for Terraform reads it as one of its own references`,
          hint: 'reword the text so that no "{TfToken[" follows $, # or &',
        });
      }
      const hidden = hiddenCharactersOf(isKey, ancestors[ancestors.length - 1])?.exec(node.value)?.[0];
      if (hidden) found.push(hiddenCharacterProblem(hidden, node, text, chain));
    },
  });
  return found;
}

/**
 * Tags are refused, the core schema's `!!str` and the like too: quoting says the same, and another
 * reader of the file (AWSTOE's, for component documents) need not read a tag as this one does.
 */
function tagProblem(node: Node, text: string, chain: readonly unknown[], hint: string): ContentProblem {
  // The tag is the last one written before the node's value (an anchor or spaces may come between).
  const start = node.range?.[0] ?? 0;
  const windowStart = Math.max(0, start - TAG_WINDOW);
  const tags = [...text.slice(windowStart, start).matchAll(TAG)];
  const last = tags[tags.length - 1];
  return {
    chain,
    offset: last ? windowStart + last.index : start,
    message: `the YAML tag "${last?.[0] ?? node.tag!}" is not allowed`,
    hint,
  };
}

/** The characters a key, or the value of a map entry `parent`, may not hold; undefined when any will do. */
function hiddenCharactersOf(isKey: boolean, parent: unknown): RegExp | undefined {
  if (isKey) return HIDDEN_IN_NAMES;
  const field = isPair(parent) && isScalar(parent.key) ? parent.key.value : undefined;
  return field === 'name' ? HIDDEN_IN_NAMES : field === 'description' ? HIDDEN_IN_DESCRIPTIONS : undefined;
}

function hiddenCharacterProblem(character: string, node: Node, text: string, chain: readonly unknown[]): ContentProblem {
  const [start = 0, end = 0] = node.range ?? [];
  // Where the character stands in the file; an escape (as "\u202E") points at the value's start.
  const written = text.indexOf(character, start);
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = /\p{Cc}/u.test(character) ? 'control character' : 'invisible formatting character';
  return {
    chain,
    offset: written >= 0 && written < end ? written : start,
    message: `the text holds the ${kind} ${code}`,
    hint: 'remove it: it does not show in editors and reviews, and can make text read otherwise than it is',
  };
}
