/**
 * Text from an AWS response (an error message, a status, a name or tag) made safe to print: a
 * terminal escape sequence in it (CSI such as `ESC [ 2 J`, OSC such as a hyperlink or a window
 * title) is removed whole, and every other control character (C0, DEL, C1) is removed too, so
 * what AWS returns can neither drive the terminal nor break a line.
 */

/** CSI (`ESC [` or 8-bit CSI, parameters, one final byte) and OSC/DCS/APC/PM/SOS strings (up to BEL or ST). */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching terminal escape sequences is this pattern's purpose
  /(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x7e]?/g;
const CONTROL = /\p{Cc}/gu;

/** `text` without escape sequences and control characters; a line break becomes a space. */
export function awsText(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(CONTROL, '');
}

/** `awsText` of a value AWS may leave out. */
export function optionalAwsText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : awsText(text);
}
