/** Reading the scripts of ExecuteBash and ExecutePowerShell steps. */

/** What the linter knows about a script language. */
export interface ScriptLanguage {
  /** The statement that makes the script stop at the first failing command. */
  failFastStatement: string;
  /** What happens without it. */
  withoutFailFast: string;
  isFailFast(line: string): boolean;
  /** Whether a statement cannot fail unnoticed: a plain assignment, echo, exit, a condition or block keyword, `|| ...`. */
  cannotFail(line: string): boolean;
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
const BASH_CANNOT_FAIL = [
  /^(?:export\s+|readonly\s+|local\s+|declare(?:\s+-\w+)*\s+)?[A-Za-z_]\w*=(?!.*(?:\$\(|`))/,
  /^(?:echo|printf)\b[^>]*$/,
  /^(?:exit|return|true|set|shopt|trap|if|elif|then|else|fi|for|while|until|do|done|case|esac)(?:\s|;|$)/,
  /^(?::|;;|\{|\})(?:\s|;|$)/,
  /^(?:function\s+[\w-]+|[\w-]+\s*\(\))\s*\{?$/,
  /\|\|/,
];
const POWERSHELL_CANNOT_FAIL = [
  /^\$[\w:]+\s*=\s*(?:'[^']*'|"[^"]*"|\$?[\w.:]+)\s*;?$/,
  /^(?:Write-Host|Write-Output|Write-Verbose|exit|return|throw|if|elseif|else|foreach|for|while|switch|try|catch|finally)\b/i,
  /^[{}]/,
];
/** Statements that end a block: a command before them still gives the script its exit code. */
const BLOCK_END = /^(?:fi|esac|;;|\})\s*;?$/;

/** The script languages of the modules that run inline commands, by module name. */
export const SCRIPT_LANGUAGES: Readonly<Record<string, ScriptLanguage>> = {
  ExecuteBash: {
    failFastStatement: 'set -euo pipefail',
    withoutFailFast: 'bash runs on after a failing command and the step reports only the exit code of the last one',
    isFailFast: (line) => {
      const words = line.split(/\s+/);
      return words[0] === 'set' && (words.some((word) => BASH_ERREXIT_FLAG.test(word)) || /\s-o\s+errexit\b/.test(line));
    },
    cannotFail: (line) => BASH_CANNOT_FAIL.some((pattern) => pattern.test(line)),
    exitCodes: (text) => [...text.matchAll(/\bexit\s+(\d+)\b/g)].map((m) => Number(m[1])),
    continuation: '\\',
    hereDocumentEnd: (line) => BASH_HERE_DOCUMENT.exec(line)?.[2],
  },
  ExecutePowerShell: {
    failFastStatement: "$ErrorActionPreference = 'Stop'",
    withoutFailFast:
      'PowerShell runs on after a failing cmdlet and the step succeeds whenever the last command does. ' +
      'It does not stop native programs (.exe) either way: after each one, check $LASTEXITCODE, e.g. if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }',
    isFailFast: (line) => /^\$ErrorActionPreference\s*=\s*['"]Stop['"]\s*;?$/i.test(line),
    cannotFail: (line) => POWERSHELL_CANNOT_FAIL.some((pattern) => pattern.test(line)),
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
    if (continued) statements.push(`${statements.pop()!} ${line}`);
    else statements.push(line);
    continued = line.endsWith(language.continuation);
    hereDocumentEnd = language.hereDocumentEnd(line);
  }
  return statements;
}

/**
 * Whether a failing command can go unnoticed: the first command that can fail comes before any
 * fail-fast statement, and more than the end of a block follows it.
 */
export function canHideFailure(statements: readonly string[], language: ScriptLanguage): boolean {
  const index = statements.findIndex((line) => language.isFailFast(line) || !language.cannotFail(line));
  if (index < 0 || language.isFailFast(statements[index]!)) return false;
  return statements.slice(index + 1).some((line) => !BLOCK_END.test(line));
}
