/**
 * The component document linter: a bad and a good example per rule (exact message, path, line
 * and column), realistic documents AWS accepts, the project's own documents and the editor schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { ACTION_MODULE_NAMES, ACTION_MODULES } from '../../src/components/action-modules.js';
import { componentJsonSchema } from '../../src/components/component-schema.js';
import { lintComponentDocument, testPhaseMisfit } from '../../src/components/lint.js';
import { formatProblems, Problems, type Problem } from '../../src/core/problems.js';
import { parseYaml } from '../../src/core/yaml-source.js';
import { REPO_ROOT } from '../support/fixture.js';

const FIXTURES = join(REPO_ROOT, '__tests__/fixtures/components');

/** Removes the indentation common to all lines, so documents can be written in line with the code. */
function yaml(strings: TemplateStringsArray): string {
  const lines = strings.raw.join('').replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

function lint(text: string, file = 'teams/web/components/example.yaml'): Problem[] {
  const problems = new Problems();
  const source = parseYaml(text, file, problems);
  if (source) lintComponentDocument(source, problems);
  return [...problems.all];
}

/** The phase names of a document, in order. */
function phaseNames(text: string): string[] {
  return ((parse(text) as { phases?: { name: string }[] }).phases ?? []).map((phase) => phase.name);
}

describe('testPhaseMisfit', () => {
  it('names what keeps a document from being a test component: other phases, or no test phase', () => {
    expect(testPhaseMisfit(['build', 'test'])).toEqual({ found: 'the build phase', others: ['build'] });
    expect(testPhaseMisfit(['build', 'validate'])).toEqual({
      found: 'the build and validate phases and no test phase',
      others: ['build', 'validate'],
    });
    expect(testPhaseMisfit(['test'])).toBeUndefined();
  });
});

/** Each problem as `line:column severity path: message`, in document order. */
function summary(problems: readonly Problem[]): string[] {
  return [...problems]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((p) => `${p.line ?? '?'}:${p.column ?? '?'} ${p.severity} ${p.path}: ${p.message}`);
}

interface Rule {
  rule: string;
  bad: string;
  /** Every problem of the bad example, as {@link summary} writes it. */
  problems: string[];
  /** The hint of the first problem. */
  hint: RegExp;
  good: string;
}

const rules: Rule[] = [
  {
    rule: 'a document is a mapping',
    bad: yaml`
      - name: build
    `,
    problems: ['1:1 error : a component document is a mapping with "schemaVersion" and "phases", not a list'],
    hint: /Writing a component/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands:
                  - echo hello
    `,
  },
  {
    rule: 'only the documented top-level keys',
    bad: yaml`
      schemaVersion: 1.0
      descripton: Installs things.
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['2:1 error descripton: unknown field "descripton" in the component document'],
    hint: /^did you mean "description"\? Allowed fields: name, description, schemaVersion, parameters, constants, phases$/,
    good: yaml`
      name: hello
      description: Installs things.
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'schemaVersion is 1.0',
    bad: yaml`
      schemaVersion: '2.0'
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['1:16 error schemaVersion: schemaVersion is "2.0"'],
    hint: /^AWSTOE knows only schemaVersion: 1.0$/,
    good: yaml`
      schemaVersion: '1.0'
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'schemaVersion is required',
    bad: yaml`
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['1:1 error : the document has no "schemaVersion"'],
    hint: /^add schemaVersion: 1.0$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'phases is a non-empty list',
    bad: yaml`
      schemaVersion: 1.0
      phases: []
    `,
    problems: ['2:9 error phases: "phases" is an empty list'],
    hint: /name: build/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'phase names are build, validate and test',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: bild
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['3:11 error phases[0].name: "bild" is not a phase Image Builder runs'],
    hint: /^did you mean "build"\? Image Builder runs only the build, validate, test phases$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: validate
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'each phase at most once',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: One
              action: ExecuteBash
              inputs:
                commands: [echo one]
        - name: build
          steps:
            - name: Two
              action: ExecuteBash
              inputs:
                commands: [echo two]
    `,
    problems: ['9:11 error phases[1].name: the phase "build" appears twice'],
    hint: /merge the steps/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: One
              action: ExecuteBash
              inputs:
                commands: [echo one]
        - name: validate
          steps:
            - name: One
              action: ExecuteBash
              inputs:
                commands: [echo two]
    `,
  },
  {
    rule: 'each phase has steps',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps: []
    `,
    problems: ['4:12 error phases[0].steps: the phase "build" has an empty "steps" list'],
    hint: /list of steps/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Update
              action: UpdateOS
    `,
  },
  {
    rule: 'step names follow the pattern',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install agent
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['5:15 error phases[0].steps[0].name: "Install agent" is not a valid step name'],
    hint: /letters, digits, hyphens and underscores/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: install-agent_2
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'step names are unique in a phase',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands: [echo one]
            - name: Install
              action: ExecuteBash
              inputs:
                commands: [echo two]
    `,
    problems: ['9:15 error phases[0].steps[1].name: the phase "build" already has a step named "Install"'],
    hint: /its own name/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands: [echo one]
            - name: Configure
              action: ExecuteBash
              inputs:
                commands: [echo two]
    `,
  },
  {
    rule: 'action is a known module',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBassh
              inputs:
                commands: [echo hello]
    `,
    problems: ['6:17 error phases[0].steps[0].action: "ExecuteBassh" is not an AWSTOE action module'],
    hint: /^did you mean "ExecuteBash"\? Action modules: AppendFile, Assert, /,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBinary
              inputs:
                path: /usr/bin/true
    `,
  },
  {
    rule: 'unknown step keys',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              timeout: 60
              inputs:
                commands: [echo hello]
    `,
    problems: ['7:9 error phases[0].steps[0].timeout: unknown field "timeout" in step "Hello"'],
    hint: /^did you mean "timeoutSeconds"\? Allowed fields: name, action, timeoutSeconds, onFailure, maxAttempts, inputs, loop, if$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              timeoutSeconds: 60
              onFailure: Continue
              maxAttempts: 3
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'timeoutSeconds is -1 or at least 1',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              timeoutSeconds: 0
              inputs:
                commands: [echo hello]
    `,
    problems: ['7:25 error phases[0].steps[0].timeoutSeconds: timeoutSeconds is the number 0'],
    hint: /-1 for no timeout/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              timeoutSeconds: -1
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'onFailure is Abort, Continue or Ignore',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              onFailure: Stop
              inputs:
                commands: [echo hello]
    `,
    problems: ['7:20 error phases[0].steps[0].onFailure: onFailure is "Stop"'],
    hint: /use one of Abort, Continue, Ignore$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              onFailure: Ignore
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'maxAttempts is a whole number of at least 1',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              maxAttempts: '3'
              inputs:
                commands: [echo hello]
    `,
    problems: ['7:22 error phases[0].steps[0].maxAttempts: maxAttempts is text'],
    hint: /whole number of at least 1/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              maxAttempts: 3
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'ExecuteDocument steps keep the fixed timeout and attempts',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Nested
              action: ExecuteDocument
              timeoutSeconds: 600
              inputs:
                document: s3://bucket/shared.yaml
    `,
    problems: ['7:25 error phases[0].steps[0].timeoutSeconds: ExecuteDocument steps cannot set a timeout'],
    hint: /remove timeoutSeconds/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Nested
              action: ExecuteDocument
              inputs:
                document: s3://bucket/shared.yaml
                parameters:
                  - name: Level
                    value: strict
    `,
  },
  {
    rule: 'inputs are required unless the module has none required',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
    `,
    problems: ['5:9 error phases[0].steps[0]: ExecuteBash step "Hello" has no "inputs"'],
    hint: /^add "inputs:" with commands: \.\.\.$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Update
              action: UpdateOS
            - name: Restart
              action: Reboot
    `,
  },
  {
    rule: 'ExecuteBash commands are a list of strings',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: echo hello
    `,
    problems: ['8:21 error phases[0].steps[0].inputs.commands: "commands" is text, but it must be a list of text items'],
    hint: /after "- "/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands:
                  - echo hello
    `,
  },
  {
    rule: 'ExecuteBash takes commands only',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                file: /tmp/install.sh
    `,
    problems: [
      '8:11 error phases[0].steps[0].inputs.file: unknown field "file" in ExecuteBash inputs',
      '8:11 error phases[0].steps[0].inputs: required input "commands" is missing from ExecuteBash inputs',
    ],
    hint: /^did you mean "commands"\? Allowed fields: commands$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands:
                  - bash /tmp/install.sh
    `,
  },
  {
    rule: 'ExecutePowerShell takes commands or file, not both',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs:
                commands: [Write-Host hello]
                file: C:\scripts\configure.ps1
    `,
    problems: ['9:11 error phases[0].steps[0].inputs.file: ExecutePowerShell inputs have both "commands" and "file"'],
    hint: /^keep only one of commands and file$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs:
                file: C:\scripts\configure.ps1
    `,
  },
  {
    rule: 'ExecutePowerShell needs commands or file',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs: {}
    `,
    problems: ['7:17 error phases[0].steps[0].inputs: ExecutePowerShell inputs need one of "commands" or "file"'],
    hint: /^add commands or file, not both$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs:
                commands: [Write-Host hello]
    `,
  },
  {
    rule: 'list-shaped inputs are lists of operations',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                source: s3://bucket/agent.rpm
                destination: /tmp/agent.rpm
    `,
    problems: ['8:11 error phases[0].steps[0].inputs: S3Download inputs are a mapping, not a list of operations'],
    hint: /^write "inputs:" as a list of operations, each "- source: \.\.\., destination: \.\.\."$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                - source: s3://bucket/agent.rpm
                  destination: /tmp/agent.rpm
    `,
  },
  {
    rule: 'required inputs of each operation',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                - source: s3://bucket/agent.rpm
                  destnation: /tmp/agent.rpm
    `,
    problems: [
      '8:13 error phases[0].steps[0].inputs[0]: required input "destination" is missing from S3Download inputs',
      '9:13 error phases[0].steps[0].inputs[0].destnation: unknown field "destnation" in S3Download inputs',
    ],
    hint: /^add destination: /,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                - source: s3://bucket/agent.rpm
                  destination: /tmp/agent.rpm
                  expectedBucketOwner: '111122223333'
                  overwrite: false
    `,
  },
  {
    rule: 'Reboot delaySeconds is a whole number',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Restart
              action: Reboot
              inputs:
                delaySeconds: 1m
    `,
    problems: ['8:25 error phases[0].steps[0].inputs.delaySeconds: "delaySeconds" is text, but it must be a whole number of at least 0'],
    hint: /e\.g\. 60/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Restart
              action: Reboot
              inputs:
                delaySeconds: 60
    `,
  },
  {
    rule: 'UpdateOS include and exclude are lists',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Update
              action: UpdateOS
              inputs:
                exclude: kernel
    `,
    problems: ['8:20 error phases[0].steps[0].inputs.exclude: "exclude" is text, but it must be a list of text items'],
    hint: /after "- "/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Update
              action: UpdateOS
              inputs:
                exclude: [kernel, kernel-devel]
    `,
  },
  {
    rule: 'inputs with a fixed set of values',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: InstallMSI
              inputs:
                path: C:\installers\app.msi
                reboot: Never
    `,
    problems: ['9:19 error phases[0].steps[0].inputs.reboot: "reboot" is text, but it must be one of Allow, Force, Skip'],
    hint: /^did you mean "Allow"\?$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: InstallMSI
              inputs:
                path: C:\installers\app.msi
                reboot: Skip
                properties:
                  INSTALLDIR: 'C:\Program Files\App'
    `,
  },
  {
    rule: 'WebDownload checksum and algorithm go together',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: https://example.com/tool.tar.gz
                  destination: /tmp/tool.tar.gz
                  checksum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    `,
    problems: ['10:13 error phases[0].steps[0].inputs[0].checksum: "checksum" has no effect without "algorithm"'],
    hint: /^add algorithm/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: https://example.com/tool.tar.gz
                  destination: /tmp/tool.tar.gz
                  checksum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                  algorithm: SHA256
    `,
  },
  {
    rule: 'Assert evaluates exactly one expression',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: Version
              action: ExecuteBash
              inputs:
                commands: [cat /etc/app-version]
            - name: CheckVersion
              action: Assert
              inputs:
                stringEquals: '2.1.1'
                patternMatches: '^2\.'
                value: '{{ test.Version.outputs.stdout }}'
    `,
    problems: [
      '12:11 error phases[0].steps[1].inputs: Assert inputs have 2 operators (stringEquals, patternMatches); Assert evaluates exactly one',
    ],
    hint: /and: \/ or:/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: Version
              action: ExecuteBash
              inputs:
                commands: [cat /etc/app-version]
            - name: CheckVersion
              action: Assert
              inputs:
                stringEquals: '2.1.1'
                value: '{{ test.Version.outputs.stdout }}'
    `,
  },
  {
    rule: 'parameters are a list of single-key mappings',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        LogLevel:
          type: string
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['3:3 error parameters: "parameters" is a mapping, not a list'],
    hint: /^write it as a list of single-key mappings:\nparameters:\n {2}- logLevel:/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - LogLevel:
            type: string
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ LogLevel }}']
    `,
  },
  {
    rule: 'parameter names are 3 to 128 letters, digits, hyphens, underscores',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - 'log level':
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['3:5 error parameters[0].log level: "log level" is not a valid parameter name'],
    hint: /3 to 128 letters/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - log_level-2:
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ log_level-2 }}']
    `,
  },
  {
    rule: 'parameters are of type string',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - CacheSize:
            type: integer
            default: '20'
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ CacheSize }}']
    `,
    problems: [
      '4:13 error parameters[0].CacheSize.type: parameter "CacheSize" has type "integer"; component parameters can only be of type string',
    ],
    hint: /convert the value in the script/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - CacheSize:
            type: string
            default: '20'
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ CacheSize }}']
    `,
  },
  {
    rule: 'defaults are text, like the parameter',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - CacheSize:
            type: string
            default: 20
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ CacheSize }}']
    `,
    problems: ['5:16 error parameters[0].CacheSize.default: the default of parameter "CacheSize" is the number 20, but its type is string'],
    hint: /^quote it: default: '20'$/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - CacheSize:
            type: string
            default: '20'
            description: Cache size in GiB.
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ CacheSize }}']
    `,
  },
  {
    rule: 'parameter and constant names are unique',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - InstallDir:
            type: string
      constants:
        - InstallDir:
            type: string
            value: /opt/app
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ InstallDir }}']
    `,
    problems: ['6:5 error constants[0].InstallDir: "InstallDir" is already declared as a parameter'],
    hint: /must be unique in the document/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - InstallDir:
            type: string
      constants:
        - DataDir:
            type: string
            value: /var/lib/app
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ InstallDir }} {{ DataDir }}']
    `,
  },
  {
    rule: 'constants have a value',
    bad: yaml`
      schemaVersion: 1.0
      constants:
        - DataDir:
            type: string
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ DataDir }}']
    `,
    problems: ['3:5 error constants[0].DataDir: constant "DataDir" has no "value"'],
    hint: /add its value/,
    good: yaml`
      schemaVersion: 1.0
      constants:
        - DataDir:
            type: string
            value: /var/lib/app
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ DataDir }}']
    `,
  },
  {
    rule: 'references name a declared parameter or constant',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - LogLevel:
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ LogLevl }} {{ LogLevel }}']
    `,
    problems: ['12:22 error phases[0].steps[0].inputs.commands[0]: {{ LogLevl }} is not a parameter or constant of this document'],
    hint: /^did you mean \{\{ LogLevel \}\}\? Declared: LogLevel$/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - LogLevel:
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands:
                  - echo {{LogLevel}} "$(docker inspect --format '{{ .State.Running }}' app)"
    `,
  },
  {
    rule: 'an expression opened with {{ is closed with }} on the same line',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - agentPackage:
            type: string
            default: amazon-cloudwatch-agent
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    set -euo pipefail
                    dnf install -y {{ agentPackage
                    echo "{{ agentPackage }} installed"
    `,
    problems: ['15:30 error phases[0].steps[0].inputs.commands[0]: "{{ agentPackage" opens an expression with {{ and never closes it'],
    hint: /^write \{\{ agentPackage \}\}: AWSTOE substitutes only a whole \{\{ \.\.\. \}\} on one line/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - agentPackage:
            type: string
            default: amazon-cloudwatch-agent
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    set -euo pipefail
                    dnf install -y {{ agentPackage }}
                    echo '{"metrics":{"namespace":"Golden"}}' > /tmp/config.json
                    docker inspect --format '{{json .State}}' app || true
    `,
  },
  {
    rule: 'an expression closed with }} was opened with {{',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - agentPackage:
            type: string
            default: amazon-cloudwatch-agent
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands: ['set -euo pipefail', 'dnf install -y { agentPackage }}', 'echo {{ agentPackage }}']
    `,
    problems: ['12:61 error phases[0].steps[0].inputs.commands[1]: "agentPackage }}" closes an expression with }} that no {{ opens'],
    hint: /^write \{\{ agentPackage \}\}/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - agentPackage:
            type: string
            default: amazon-cloudwatch-agent
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands: ['set -euo pipefail', 'dnf install -y {{ agentPackage }}', 'echo {"a":{"b": 1}}']
    `,
  },
  {
    rule: 'an unquoted {{ }} value is a YAML mapping',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Remove
              action: DeleteFile
              loop:
                forEach: [/tmp/a.rpm, /tmp/b.rpm]
              inputs:
                - path: {{ loop.value }}
    `,
    problems: ['10:19 error phases[0].steps[0].inputs[0].path: {{ loop.value }} is read by YAML as a mapping, not as text'],
    hint: /^quote the whole value: '\{\{ loop\.value \}\}'$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Remove
              action: DeleteFile
              loop:
                forEach: [/tmp/a.rpm, /tmp/b.rpm]
              inputs:
                - path: '{{ loop.value }}'
    `,
  },
  {
    rule: 'chaining refers to an earlier step',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{ build.Read.outputs.content }}"']
            - name: Read
              action: ReadFile
              inputs:
                - path: /etc/os-release
    `,
    problems: [
      '8:22 error phases[0].steps[0].inputs.commands[0]: {{ build.Read.outputs.content }} refers to the step "Read", which runs after this one',
    ],
    hint: /^a step can use the inputs and outputs of the steps before it only$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Read
              action: ReadFile
              inputs:
                - path: /etc/os-release
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{ build.Read.outputs.content }}"']
    `,
  },
  {
    rule: 'chaining refers to an existing step',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: S3Download
              inputs:
                - source: s3://bucket/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Downlaod.inputs[0].destination }}'
    `,
    problems: [
      '13:17 error phases[0].steps[1].inputs.path: {{ build.Downlaod.inputs[0].destination }} refers to the step "Downlaod", which the build phase does not have',
    ],
    hint: /^did you mean "Download"\? Steps of build: Download, Run$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: S3Download
              inputs:
                - source: s3://bucket/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Download.inputs[0].destination }}'
    `,
  },
  {
    rule: 'chaining reads a documented output',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{ build.Kernel.outputs.stdOut }}"']
    `,
    problems: [
      '12:22 error phases[0].steps[1].inputs.commands[0]: {{ build.Kernel.outputs.stdOut }} refers to the output "stdOut", which ExecuteBash steps do not have',
    ],
    hint: /^ExecuteBash outputs: stdout$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{ build.Kernel.outputs.stdout }}"']
    `,
  },
  {
    rule: 'modules without outputs are chained through their inputs',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: S3Download
              inputs:
                - source: s3://bucket/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Download.outputs.destination }}'
    `,
    problems: [
      '13:17 error phases[0].steps[1].inputs.path: {{ build.Download.outputs.destination }} refers to an output of the step "Download", but S3Download steps have no outputs',
    ],
    hint: /^refer to one of its inputs instead, e\.g\. \{\{ build\.Download\.inputs\[0\]\.source \}\}$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: https://example.com/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Download.outputs.destination }}'
    `,
  },
  {
    rule: 'chaining into list-shaped inputs names the operation',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: S3Download
              inputs:
                - source: s3://bucket/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Download.inputs.destination }}'
                arguments: ['{{ build.Download.inputs[1].destination }}']
    `,
    problems: [
      '13:17 error phases[0].steps[1].inputs.path: {{ build.Download.inputs.destination }} does not say which of the S3Download operations it reads',
      '14:23 error phases[0].steps[1].inputs.arguments[0]: {{ build.Download.inputs[1].destination }} refers to operation 1, but the step "Download" has 1',
    ],
    hint: /^give the operation's index, e\.g\. \{\{ build\.Download\.inputs\[0\]\.destination \}\}$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: S3Download
              inputs:
                - source: s3://bucket/tool
                  destination: /tmp/tool
            - name: Run
              action: ExecuteBinary
              inputs:
                path: '{{ build.Download.inputs[0].destination }}'
    `,
  },
  {
    rule: 'the test phase cannot chain to the build stage',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
        - name: test
          steps:
            - name: SameKernel
              action: ExecuteBash
              inputs:
                commands: ['test "$(uname -r)" = "{{ build.Kernel.outputs.stdout }}"']
    `,
    problems: [
      '14:22 error phases[1].steps[0].inputs.commands[0]: {{ build.Kernel.outputs.stdout }} refers to the build phase from the test phase',
    ],
    hint: /new instance launched from the image/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
        - name: validate
          steps:
            - name: SameKernel
              action: ExecuteBash
              inputs:
                commands: ['test "$(uname -r)" = "{{ build.Kernel.outputs.stdout }}"']
    `,
  },
  {
    rule: 'loop variables only inside a loop',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands: ["dnf install -y '{{ loop.value }}'"]
    `,
    problems: ['8:22 error phases[0].steps[0].inputs.commands[0]: {{ loop.value }} is used in a step without a loop'],
    hint: /add loop:/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                name: Package
                forEach: [git, jq]
              inputs:
                commands: ["dnf install -y '{{ loop.value }}' # {{ Package.index }}"]
    `,
  },
  {
    rule: 'expressions have a known form',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{ build.Kernel.stdout }}"']
    `,
    problems: ['12:22 error phases[0].steps[1].inputs.commands[0]: {{ build.Kernel.stdout }} is not an AWSTOE expression'],
    hint: /\{\{ phase\.step\.outputs\.stdout \}\}/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Kernel
              action: ExecuteBash
              inputs:
                commands: [uname -r]
            - name: Show
              action: ExecuteBash
              inputs:
                commands: ['echo "{{build.Kernel.outputs[0].stdout}}"']
    `,
  },
  {
    rule: 'a loop has exactly one of for and forEach',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                forEach: [git]
                for: { start: 1, end: 2, updateBy: 1 }
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
    problems: ['8:11 error phases[0].steps[0].loop: the loop has both "for" and "forEach"'],
    hint: /exactly one of for: or forEach:/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                for: { start: 1, end: 2, updateBy: 1 }
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
  },
  {
    rule: 'a for loop ends',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Count
              action: ExecuteBash
              loop:
                for:
                  start: 10
                  end: 1
                  updateBy: 1
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
    problems: ['11:23 error phases[0].steps[0].loop.for.updateBy: a loop from 10 to 1 by 1 never ends'],
    hint: /^use a negative updateBy$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Count
              action: ExecuteBash
              loop:
                for:
                  start: 10
                  end: 1
                  updateBy: -3
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
  },
  {
    rule: 'a delimited forEach list uses a documented delimiter',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                forEach:
                  list: git|jq
                  delimiter: '|'
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
    problems: ['10:24 error phases[0].steps[0].loop.forEach.delimiter: "|" is not a forEach delimiter'],
    hint: /default ","/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                forEach:
                  list: git;jq
                  delimiter: ';'
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
  },
  {
    rule: 'loop names are unique in a phase',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: One
              action: ExecuteBash
              loop: { name: Items, forEach: [a] }
              inputs:
                commands: ['echo {{ Items.value }}']
            - name: Two
              action: ExecuteBash
              loop: { name: Items, forEach: [b] }
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
    problems: ['12:23 error phases[0].steps[1].loop.name: another loop of this phase is already named "Items"'],
    hint: /unique in a phase/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: One
              action: ExecuteBash
              loop: { name: Items, forEach: [a] }
              inputs:
                commands: ['echo {{ Items.value }}']
            - name: Two
              action: ExecuteBash
              loop: { name: OtherItems, forEach: [b] }
              inputs:
                commands: ['echo {{ OtherItems.value }}']
    `,
  },
];

/** Variants of the rules above, several per document. */
const variants: Rule[] = [
  {
    rule: 'document fields have the documented types',
    bad: yaml`
      name: [hello]
      schemaVersion: 1.0
      phases:
        - steps:
            - action: ExecuteBash
              inputs:
                commands: [echo hello]
            - 'echo hello'
    `,
    problems: [
      "1:7 error name: the document's name is a list, not text",
      '4:5 error phases[0]: the phase has no "name"',
      '5:9 error phases[0].steps[0]: the step has no "name"',
      '8:9 error phases[0].steps[1]: a step is a mapping with "name", "action" and "inputs", not text',
    ],
    hint: /^write the name as text$/,
    good: yaml`
      name: hello
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
  },
  {
    rule: 'input values have the documented types',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                - source: [s3://bucket/a]
                  destination: /tmp/a
                  overwrite: 'no'
            - name: Nested
              action: ExecuteDocument
              inputs:
                document: shared.yaml
                parameters: [Level=strict]
            - name: Install
              action: InstallMSI
              inputs:
                path: C:\app.msi
                properties: [INSTALLDIR]
    `,
    problems: [
      '8:21 error phases[0].steps[0].inputs[0].source: "source" is a list, but it must be text',
      '10:24 error phases[0].steps[0].inputs[0].overwrite: "overwrite" is text, but it must be true or false',
      '15:23 error phases[0].steps[1].inputs.parameters: "parameters" is a list, but it must be a list of mappings',
      '20:23 error phases[0].steps[2].inputs.properties: "properties" is a list, but it must be a mapping of names to values',
    ],
    hint: /^give a single value$/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - Overwrite:
            type: string
            default: 'true'
      phases:
        - name: build
          steps:
            - name: Fetch
              action: S3Download
              inputs:
                - source: s3://bucket/a
                  destination: /tmp/a
                  overwrite: '{{ Overwrite }}'
            - name: Nested
              action: ExecuteDocument
              inputs:
                document: shared.yaml
                parameters:
                  - name: Level
                    value: strict
            - name: Install
              action: InstallMSI
              inputs:
                path: C:\app.msi
                properties:
                  INSTALLDIR: C:\App
    `,
  },
  {
    rule: 'parameter entries are complete',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - Region:
            type: string
          Zone:
            type: string
        - Level:
            default: info
            descripton: How much to log.
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ Level }}']
    `,
    problems: [
      '3:5 error parameters[0]: each entry of "parameters" is a mapping with exactly one key, the parameter name',
      '7:5 error parameters[1].Level: parameter "Level" has no "type"',
      '9:7 error parameters[1].Level.descripton: unknown field "descripton" in parameter "Level"',
    ],
    hint: /^indent the parameter's fields under its name:/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - Region:
            type: string
        - Level:
            type: string
            default: info
            description: How much to log.
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: ['echo {{ Level }} {{ Region }}']
    `,
  },
  {
    rule: 'chaining refers to an existing phase, an earlier step and a documented input',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Read
              action: ReadFile
              inputs:
                - path: /etc/os-release
            - name: Show
              action: ExecuteBash
              inputs:
                commands:
                  - echo '{{ build.Read.inputs[0].file }}'
                  - echo '{{ bulid.Read.outputs.content }}'
                  - echo '{{ build.Show.outputs.stdout }}'
    `,
    problems: [
      '13:15 error phases[0].steps[1].inputs.commands[0]: {{ build.Read.inputs[0].file }} refers to the input "file", which ReadFile steps do not have',
      '14:15 error phases[0].steps[1].inputs.commands[1]: {{ bulid.Read.outputs.content }} refers to the phase "bulid", which this document does not have',
      '15:15 error phases[0].steps[1].inputs.commands[2]: {{ build.Show.outputs.stdout }} refers to its own step',
    ],
    hint: /ReadFile/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Read
              action: ReadFile
              inputs:
                - path: /etc/os-release
            - name: Show
              action: ExecuteBash
              inputs:
                commands:
                  - echo '{{ build.Read.inputs[0].path }}' '{{ build.Read.outputs.content }}'
    `,
  },
  {
    rule: "loop variables are index and value of this step's loop",
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                name: Package
                forEach: [git, 2]
              inputs:
                commands: ['dnf install -y {{ loop.name }} {{ Pkg.value }}']
    `,
    problems: [
      '9:26 error phases[0].steps[0].loop.forEach[1]: forEach item is the number 2, not text',
      '11:22 error phases[0].steps[0].inputs.commands[0]: {{ loop.name }} refers to "name" of a loop',
      "11:22 error phases[0].steps[0].inputs.commands[0]: {{ Pkg.value }} is neither a variable of this step's loop nor a chaining expression",
    ],
    hint: /^quote it: '2' \(loops iterate over text only\)$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              loop:
                name: Package
                forEach: [git, '2']
              inputs:
                commands: ['dnf install -y {{ loop.value }} {{ Package.value }}']
    `,
  },
  {
    rule: 'loops are complete',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Count
              action: ExecuteBash
              loop:
                name: loop
                for: { start: 1, end: '3' }
              inputs:
                commands: ['echo {{ loop.value }}']
            - name: Each
              action: ExecuteBash
              loop:
                forEach: { delimiter: ',' }
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
    problems: [
      '8:17 error phases[0].steps[0].loop.name: "loop" is not a valid loop name',
      '9:16 error phases[0].steps[0].loop.for: the for loop\'s "updateBy" is empty',
      '9:33 error phases[0].steps[0].loop.for.end: the for loop\'s "end" is text',
      '15:20 error phases[0].steps[1].loop.forEach: the forEach "list" is empty, not text',
    ],
    hint: /not "loop"/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Count
              action: ExecuteBash
              loop:
                name: Counter
                for: { start: 1, end: 3, updateBy: 1 }
              inputs:
                commands: ['echo {{ loop.value }}']
            - name: Each
              action: ExecuteBash
              loop:
                forEach: { list: 'a,b', delimiter: ',' }
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
  },
];

const warnings: Rule[] = [
  {
    // AWS's SetFilePermissions example writes permissions: 766; cloud-init habits add a leading 0.
    rule: 'permissions written as numbers are quoted',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: ModifyingFilePermissions
              action: SetFilePermissions
              inputs:
                - path: /home/UserName/SampleFile.txt
                  permissions: 766
            - name: CreateScript
              action: CreateFile
              inputs:
                - path: /usr/local/bin/health
                  content: exit 0
                  permissions: 0755
    `,
    problems: [
      '9:26 warning phases[0].steps[0].inputs[0].permissions: "permissions" 766 is written as a number, not text',
      '15:26 warning phases[0].steps[1].inputs[0].permissions: "permissions" 0755 is written as a number, not text: YAML 1.2 reads it as 755, YAML 1.1 as octal, 493',
    ],
    hint: /^quote it, '766': AWSTOE reads the digits as octal/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: ModifyingFilePermissions
              action: SetFilePermissions
              inputs:
                - path: /home/UserName/SampleFile.txt
                  permissions: '766'
            - name: CreateScript
              action: CreateFile
              inputs:
                - path: /usr/local/bin/health
                  content: exit 0
                  permissions: '0755'
    `,
  },
  {
    // Pasted from a Terraform or CloudFormation template: AWSTOE substitutes {{ Name }} only ("$%{" stands for "${" in `yaml`).
    rule: '${Name} of a declared parameter is written {{ Name }}',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - S3Bucket:
            type: string
      phases:
        - name: build
          steps:
            - name: Fetch
              action: ExecuteBash
              inputs:
                commands:
                  - aws s3 cp "s3://$%{S3Bucket}/app.tar.gz" /tmp/app.tar.gz
    `.replaceAll('$%{', '${'),
    problems: [
      '12:15 warning phases[0].steps[0].inputs.commands[0]: ${S3Bucket} is not how AWSTOE reads parameter "S3Bucket": it substitutes only {{ S3Bucket }}',
    ],
    hint: /^write '\{\{ S3Bucket \}\}': \$\{\.\.\.\} is Terraform's and CloudFormation's form/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - S3Bucket:
            type: string
      phases:
        - name: build
          steps:
            - name: Fetch
              action: ExecuteBash
              inputs:
                commands:
                  - aws s3 cp "s3://{{ S3Bucket }}/app.tar.gz" /tmp/app.tar.gz
            - name: OwnVariable
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    S3Bucket='{{ S3Bucket }}'
                    aws s3 ls "s3://$%{S3Bucket}/" "$%{HOME}"
    `.replaceAll('$%{', '${'),
  },
  {
    // AWS's ExecuteBash example (install and validate Corretto): a failed install is hidden by the checks after it.
    rule: 'a bash failure that later commands hide',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: InstallAndValidateCorretto
              action: ExecuteBash
              inputs:
                commands:
                  - sudo yum install java-11-amazon-corretto-headless -y
                  - |
                    ARCH=$(/usr/bin/arch)
                    if [ -x /usr/lib/jvm/java-11-amazon-corretto.$ARCH/bin/java ]; then
                        echo "Amazon Corretto 11 JRE is installed."
                    fi
    `,
    problems: [
      '9:13 warning phases[0].steps[0].inputs.commands: the script of step "InstallAndValidateCorretto" does not stop at the first failing command',
    ],
    hint: /^start it with "set -euo pipefail"/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: OneCommand
              action: ExecuteBash
              inputs:
                commands:
                  - VERSION='11'
                  - sudo yum install -y java-$VERSION-amazon-corretto-headless
            - name: OnlyChecks
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    if [ ! -x /usr/bin/java ]; then
                        echo "Java is not installed. Failing."
                        exit 1
                    fi
                    echo "Java is installed."
            - name: StrictAfterComments
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    #!/bin/bash
                    # Installs the JDK.
                    LOG=/var/log/jdk.log
                    set -o errexit -o pipefail
                    yum install -y java-11-amazon-corretto-headless
                    java -version
    `,
  },
  {
    rule: 'a PowerShell failure that later commands hide, native programs included',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: InstallAgent
              action: ExecutePowerShell
              inputs:
                commands:
                  - $ProgressPreference = 'SilentlyContinue'
                  - Start-Process msiexec.exe -ArgumentList '/i C:\Temp\agent.msi /qn' -Wait
                  - Write-Host 'Successfully installed the agent.'
    `,
    problems: [
      '9:13 warning phases[0].steps[0].inputs.commands: the script of step "InstallAgent" does not stop at the first failing command',
    ],
    hint: /native programs \(\.exe\) either way: after each one, check \$LASTEXITCODE/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: InstallAgent
              action: ExecutePowerShell
              inputs:
                commands:
                  - $ProgressPreference = 'SilentlyContinue'
                  - $ErrorActionPreference = 'Stop'
                  - Start-Process msiexec.exe -ArgumentList '/i C:\Temp\agent.msi /qn' -Wait
                  - Write-Host 'Successfully installed the agent.'
            - name: SetTimeZone
              action: ExecutePowerShell
              inputs:
                commands:
                  - $zone = 'UTC'
                  - Set-TimeZone -Id $zone
    `,
  },
  {
    rule: 'bash scripts stop at the first failing command',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands:
                  - dnf install -y nginx
                  - systemctl enable nginx
    `,
    problems: ['9:13 warning phases[0].steps[0].inputs.commands: the script of step "Install" does not stop at the first failing command'],
    hint: /^start it with "set -euo pipefail": without it bash runs on after a failing command/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Install
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    # Installs and enables nginx.
                    set -eu
                    dnf install -y nginx \
                      nginx-mod-stream
                    systemctl enable nginx
            - name: Configure
              action: ExecuteBash
              inputs:
                commands:
                  - |
                    cat > /etc/nginx/conf.d/status.conf <<'CONF'
                    server { listen 8080; }
                    CONF
    `,
  },
  {
    rule: 'PowerShell scripts stop at the first failing command',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs:
                commands:
                  - |
                    New-Item -Path C:\App -ItemType Directory -Force
                    Set-TimeZone -Id 'UTC'
    `,
    problems: [
      '9:13 warning phases[0].steps[0].inputs.commands: the script of step "Configure" does not stop at the first failing command',
    ],
    hint: /^start it with "\$ErrorActionPreference = 'Stop'"/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Configure
              action: ExecutePowerShell
              inputs:
                commands:
                  - |
                    $ErrorActionPreference = "Stop"
                    New-Item -Path C:\App -ItemType Directory -Force
                    Set-TimeZone -Id 'UTC'
    `,
  },
  {
    rule: 'reboot exit codes belong to the build phase',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: validate
          steps:
            - name: RebootIfNeeded
              action: ExecuteBash
              inputs:
                commands:
                  - needs-restarting -r || exit 194
    `,
    problems: ['9:15 warning phases[0].steps[0].inputs.commands[0]: exit 194 reboots the instance during the validate phase'],
    hint: /^reboot in the build phase/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: RebootIfNeeded
              action: ExecuteBash
              inputs:
                commands:
                  - needs-restarting -r || exit 194
    `,
  },
  {
    rule: "each script language's own reboot exit code",
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: RebootIfNeeded
              action: ExecutePowerShell
              inputs:
                commands:
                  - if (Test-Path C:\reboot-pending) { exit 194 }
    `,
    problems: [
      '9:15 warning phases[0].steps[0].inputs.commands[0]: exit 194 does not reboot in an ExecutePowerShell step: it fails the step',
    ],
    hint: /^ExecutePowerShell reboots and runs the step again on exit 3010$/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: RebootIfNeeded
              action: ExecutePowerShell
              inputs:
                commands:
                  - if (Test-Path C:\reboot-pending) { [System.Environment]::Exit(3010) }
    `,
  },
  {
    rule: 'Reboot steps belong to the build phase',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: Restart
              action: Reboot
              timeoutSeconds: 300
    `,
    problems: [
      '6:17 warning phases[0].steps[0].action: a Reboot step in the test phase',
      '7:25 warning phases[0].steps[0].timeoutSeconds: timeoutSeconds has no effect on a Reboot step',
    ],
    hint: /^reboot in the build phase: the test phase should check the image/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Restart
              action: Reboot
    `,
  },
  {
    rule: 'checks that ignore their failure',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: CheckNginx
              action: ExecuteBash
              onFailure: Ignore
              inputs:
                commands: [nginx -t]
    `,
    problems: [
      '7:20 warning phases[0].steps[0].onFailure: step "CheckNginx" of the test phase ignores its failure, so it can never fail the image',
    ],
    hint: /use Continue to run the remaining checks and still fail/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: CheckNginx
              action: ExecuteBash
              onFailure: Continue
              inputs:
                commands: [nginx -t]
    `,
  },
  {
    rule: 'unverified plain HTTP downloads',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: http://downloads.example.com/tool.tar.gz
                  destination: /tmp/
    `,
    problems: ['8:21 warning phases[0].steps[0].inputs[0].source: the download uses plain HTTP and is not verified'],
    hint: /^use https:\/\//,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: http://downloads.example.com/tool.tar.gz
                  destination: /tmp/
                  checksum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                  algorithm: SHA256
    `,
  },
  {
    rule: 'downloads that skip TLS validation',
    bad: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: https://intranet.example.com/tool.tar.gz
                  destination: /tmp/
                  ignoreCertificateErrors: true
    `,
    problems: ['10:38 warning phases[0].steps[0].inputs[0].ignoreCertificateErrors: the download skips TLS certificate validation'],
    hint: /install the CA's certificate in an earlier step/,
    good: yaml`
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Download
              action: WebDownload
              inputs:
                - source: https://intranet.example.com/tool.tar.gz
                  destination: /tmp/
                  ignoreCertificateErrors: false
    `,
  },
  {
    rule: 'unused parameters and constants',
    bad: yaml`
      schemaVersion: 1.0
      parameters:
        - LogLevel:
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              inputs:
                commands: [echo hello]
    `,
    problems: ['3:5 warning parameters[0].LogLevel: parameter "LogLevel" is never used: team.yaml can set it, but no step reads it'],
    hint: /^use it as '\{\{ LogLevel \}\}' in a step's inputs, or remove it$/,
    good: yaml`
      schemaVersion: 1.0
      parameters:
        - LogLevel:
            type: string
            default: info
      phases:
        - name: build
          steps:
            - name: Hello
              action: ExecuteBash
              loop:
                forEach:
                  list: '{{ LogLevel }}'
              inputs:
                commands: ['echo {{ loop.value }}']
    `,
  },
];

describe('lintComponentDocument', () => {
  for (const { rule, bad, problems, hint, good } of [...rules, ...variants, ...warnings]) {
    describe(rule, () => {
      it('reports the bad example', () => {
        const found = lint(bad);
        expect(summary(found)).toEqual(problems);
        expect(found.every((p) => p.file === 'teams/web/components/example.yaml')).toBe(true);
        expect(found.find((p) => summary([p])[0] === problems[0])?.hint).toMatch(hint);
      });

      it('accepts the good example', () => {
        expect(summary(lint(good))).toEqual([]);
      });
    });
  }

  it('does not limit the document size (large documents are uploaded to S3)', () => {
    const script = Array.from({ length: 800 }, (_, i) => `              echo "configuring item ${i} of a very large document"`);
    const text = [
      'schemaVersion: 1.0',
      'phases:',
      '  - name: build',
      '    steps:',
      '      - name: Large',
      '        action: ExecuteBash',
      '        inputs:',
      '          commands:',
      '            - |',
      '              set -euo pipefail',
      ...script,
    ].join('\n');
    expect(text.length).toBeGreaterThan(16_000);
    expect(summary(lint(text))).toEqual([]);
  });
});

describe('YAML tags in a document', () => {
  // CloudFormation's short forms, as pasted from a template that embedded the document.
  const tagged = yaml`
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Fetch
            action: S3Download
            inputs:
              - source: !Sub 's3://$%{Bucket}/app.zip'
                destination: !Join ['/', [/tmp, app.zip]]
                expectedBucketOwner: !Ref AWS::AccountId
  `.replaceAll('$%{', '${');

  it('are each an error where the yaml package warns about them, none dropped', () => {
    const warned = parseDocument(tagged).warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
    const found = lint(tagged);
    expect(warned.map((w) => w.linePos?.[0].line)).toEqual([8, 9, 10]);
    expect(summary(found)).toEqual([
      '8:21 error phases[0].steps[0].inputs[0].source: the YAML tag "!Sub" is not allowed',
      // A tagged list is pointed at as itself, not as an item of it.
      '9:26 error phases[0].steps[0].inputs[0].destination: the YAML tag "!Join" is not allowed',
      '10:34 error phases[0].steps[0].inputs[0].expectedBucketOwner: the YAML tag "!Ref" is not allowed',
    ]);
  });
});

describe('real-world documents lint clean', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));

  it('has a varied set of documents', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      expect(formatProblems(lint(text, file))).toBe('0 errors, 0 warnings');
      if (file.endsWith('-test.yaml')) expect(testPhaseMisfit(phaseNames(text))).toBeUndefined();
    });
  }

  it('uses every action module at least once', () => {
    const used = new Set(files.flatMap((f) => [...readFileSync(join(FIXTURES, f), 'utf8').matchAll(/action: (\w+)/g)].map((m) => m[1])));
    expect(ACTION_MODULE_NAMES.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe("the project's own documents", () => {
  const folders = ['components-yaml', ...readdirSync(join(REPO_ROOT, 'teams')).map((team) => `teams/${team}/components`)];
  const files = folders.flatMap((folder) => {
    try {
      return readdirSync(join(REPO_ROOT, folder))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `${folder}/${f}`);
    } catch {
      return [];
    }
  });

  for (const file of files) {
    it(`${file} has no errors`, () => {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      expect(formatProblems(lint(text, file).filter((p) => p.severity === 'error'))).toBe('0 errors, 0 warnings');
      if (file.endsWith('-test.yaml')) expect(testPhaseMisfit(phaseNames(text))).toBeUndefined();
    });
  }
});

describe('componentJsonSchema', () => {
  const schema = componentJsonSchema() as {
    $schema: string;
    definitions: { step: { properties: { action: { enum: string[] } }; allOf: { if: { properties: { action: { const: string } } } }[] } };
  };

  it('is a draft-07 schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('is built from the action module table', () => {
    expect(schema.definitions.step.properties.action.enum).toEqual(ACTION_MODULE_NAMES);
    expect(schema.definitions.step.allOf.map((rule) => rule.if.properties.action.const)).toEqual([...ACTION_MODULES.keys()]);
  });
});
