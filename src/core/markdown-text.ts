/**
 * Plain text made safe for one cell of a Markdown table in a GitHub comment: whatever a team
 * writes shows as the characters it typed, and cannot end the cell or the row, open HTML, a code
 * span, emphasis, a link or an image, or notify anyone.
 */

/** Characters that start Markdown syntax inline: escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]~|]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** An `@` where GitHub would see a mention (not inside a word, as in an email address). */
const MENTION = /(?<![\w.+-])@(?=\w)/g;
/** U+2060 WORD JOINER: invisible, but no mention matches across it. */
const WORD_JOINER = '\u2060';

/** `text` as literal table cell content; its line breaks become `<br>`. */
export function markdownCellText(text: string): string {
  return text
    .replace(/[&<>]/g, (character) => HTML_ENTITIES[character]!)
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(MENTION, `@${WORD_JOINER}`)
    .split(/\r\n|\r|\n/)
    .join('<br>');
}
