/** Reading the scripts of ExecuteBash and ExecutePowerShell steps. */

/** What the linter knows about a script language. */
export interface ScriptLanguage {
  /** The statement that makes the script stop at the first failing command. */
  failFastStatement: string;
  /** What happens without it. */
  withoutFailFast: string;
  isFailFast(line: string): boolean;
  /** Exit codes the script sets explicitly. */
  exitCodes(text: string): number[];
  /** A line ending with this goes on on the next line. */
  continuation: string;
  /** When a line starts a here-document, the line that ends it. */
  hereDocumentEnd(line: string): string | undefined;
}

const BASH_ERREXIT_FLAG = /^-[A-Za-z]*e[A-Za-z]*$/;
const BASH_HERE_DOCUMENT = /(?<!<)<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
const POWERSHELL_HERE_STRING = /@(['"])$/;

/** The script languages of the modules that run inline commands, by module name. */
export const SCRIPT_LANGUAGES: Readonly<Record<string, ScriptLanguage>> = {
  ExecuteBash: {
    failFastStatement: 'set -euo pipefail',
    withoutFailFast: 'bash runs on after a failing command and the step reports only the exit code of the last one',
    isFailFast: (line) => {
      const words = line.split(/\s+/);
      return words[0] === 'set' && (words.some((word) => BASH_ERREXIT_FLAG.test(word)) || /\s-o\s+errexit\b/.test(line));
    },
    exitCodes: (text) => [...text.matchAll(/\bexit\s+(\d+)\b/g)].map((m) => Number(m[1])),
    continuation: '\\',
    hereDocumentEnd: (line) => BASH_HERE_DOCUMENT.exec(line)?.[2],
  },
  ExecutePowerShell: {
    failFastStatement: "$ErrorActionPreference = 'Stop'",
    withoutFailFast: 'PowerShell runs on after a failing cmdlet and the step succeeds whenever the last command does',
    isFailFast: (line) => /^\$ErrorActionPreference\s*=\s*['"]Stop['"]\s*;?$/i.test(line),
    exitCodes: (text) => [...text.matchAll(/\b(?:exit\s+|\[(?:System\.)?Environment\]::Exit\()(\d+)/gi)].map((m) => Number(m[1])),
    continuation: '`',
    hereDocumentEnd: (line) => {
      const quote = POWERSHELL_HERE_STRING.exec(line)?.[1];
      return quote && `${quote}@`;
    },
  },
};

/**
 * The script's statements: one per line, with continued lines joined, here-document bodies,
 * blank lines and `#` comments left out.
 */
export function commandLines(commands: readonly string[], language: ScriptLanguage): string[] {
  const statements: string[] = [];
  let hereDocumentEnd: string | undefined;
  let continued = false;
  for (const line of commands.flatMap((command) => command.split('\n')).map((l) => l.trim())) {
    if (hereDocumentEnd !== undefined) {
      if (line === hereDocumentEnd) hereDocumentEnd = undefined;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (continued) statements[statements.length - 1] += ` ${line}`;
    else statements.push(line);
    continued = line.endsWith(language.continuation);
    hereDocumentEnd = language.hereDocumentEnd(line);
  }
  return statements;
}
