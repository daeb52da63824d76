/**
 * The AWSTOE action modules and their inputs, as documented in "Action modules supported by
 * AWSTOE component manager". The linter and the editor JSON Schema both read this table.
 */

/** Where a module runs: AWSTOE rejects Linux-only modules on Windows and the reverse. */
export type ModulePlatform = 'Linux' | 'Windows' | 'any';

/** The value an input accepts. */
export type InputType =
  /** Text; numbers are read as text too. */
  | { kind: 'string' }
  /** Linux permissions: three octal digits, optionally after a 0, best quoted. */
  | { kind: 'mode' }
  | { kind: 'integer'; minimum?: number }
  | { kind: 'boolean' }
  | { kind: 'stringList' }
  /** A mapping of names to string values (InstallMSI `properties`). */
  | { kind: 'stringMap' }
  /** Registry values: a string, a number or a list. */
  | { kind: 'scalarOrList' }
  | { kind: 'enum'; values: readonly string[]; caseInsensitive?: boolean }
  /** A list of mappings with their own fields (ExecuteDocument `parameters`). */
  | { kind: 'records'; fields: InputFields };

/** One input of a module. */
export interface InputField {
  type: InputType;
  required?: boolean;
  description: string;
}

export type InputFields = Readonly<Record<string, InputField>>;

/**
 * How a module takes its inputs: one mapping, a list of mappings (one operation each), or a
 * single comparison / logical expression (Assert).
 */
export type InputsShape =
  | { shape: 'map'; fields: InputFields; optional?: boolean; exactlyOneOf?: readonly string[] }
  | { shape: 'list'; fields: InputFields; bothOrNeither?: readonly [string, string] }
  | { shape: 'expression' };

/** A module's documentation entry. */
export interface ActionModule {
  name: string;
  platform: ModulePlatform;
  description: string;
  inputs: InputsShape;
  /** Fields a later step may read with `{{ phase.step.outputs.<field> }}`. */
  outputs: readonly string[];
  /** Script exit codes on which AWSTOE reboots the instance and runs the step again. */
  rebootExitCodes?: readonly number[];
}

const string = (description: string, required = false): InputField => ({ type: { kind: 'string' }, required, description });
const boolean = (description: string): InputField => ({ type: { kind: 'boolean' }, description });
const stringList = (description: string, required = false): InputField => ({
  type: { kind: 'stringList' },
  required,
  description,
});

const ENCODINGS = [
  'utf8',
  'utf-8',
  'utf16',
  'utf-16',
  'utf16-LE',
  'utf-16-LE',
  'utf16-BE',
  'utf-16-BE',
  'utf32',
  'utf-32',
  'utf32-LE',
  'utf-32-LE',
  'utf32-BE',
  'utf-32-BE',
] as const;

const encoding: InputField = {
  type: { kind: 'enum', values: ENCODINGS, caseInsensitive: true },
  description: 'The file encoding (case-insensitive); default utf8.',
};
const path = (what: string): InputField => string(`The ${what} path.`, true);
/** Permissions AWSTOE sets: owner, group and others digits, optionally after a 0 (no setuid, setgid or sticky bit). */
export const PERMISSION_MODE = /^0?[0-7]{3}$/;
const permissions = (required: boolean): InputField => ({
  type: { kind: 'mode' },
  required,
  description: "Permissions as quoted octal digits, e.g. '0644' or '755'. Linux only.",
});

const copyOrMove = (what: 'file' | 'folder'): InputFields => ({
  source: string(`The source ${what} path; a * wildcard is allowed after the last separator.`, true),
  destination: string(`The destination ${what} path; end it with a separator to keep the source name.`, true),
  overwrite: boolean(`Replace an existing ${what} (default true).`),
});

const msiInputs: InputFields = {
  path: string('The MSI file: a local path, an s3:// URI or an https URL.', true),
  reboot: { type: { kind: 'enum', values: ['Allow', 'Force', 'Skip'] }, description: 'Reboot behaviour after success (default Allow).' },
  logOptions: string('msiexec /L logging flags (default *VX).'),
  logFile: string('Where msiexec writes its log.'),
  properties: { type: { kind: 'stringMap' }, description: 'MSI properties, NAME: value.' },
  ignoreAuthenticodeSignatureErrors: boolean('Ignore Authenticode signature validation errors (default false).'),
  allowUnsignedInstaller: boolean('Allow an unsigned installer (default false).'),
};

const MODULES: readonly ActionModule[] = [
  {
    name: 'Assert',
    platform: 'any',
    description: 'Passes when one comparison or logical operator expression is true.',
    inputs: { shape: 'expression' },
    outputs: [],
  },
  {
    name: 'ExecuteBash',
    platform: 'Linux',
    description: 'Runs the commands as one bash script; exit code 194 reboots and runs the step again.',
    inputs: {
      shape: 'map',
      fields: { commands: stringList('Bash commands; multi-line strings are allowed.', true) },
    },
    outputs: ['stdout'],
    rebootExitCodes: [194],
  },
  {
    name: 'ExecuteBinary',
    platform: 'any',
    description: 'Runs a binary with arguments; exit code 194 (Linux) or 3010 (Windows) reboots and runs the step again.',
    inputs: {
      shape: 'map',
      fields: { path: string('The binary to run.', true), arguments: stringList('Command-line arguments.') },
    },
    outputs: ['stdout'],
    rebootExitCodes: [194, 3010],
  },
  {
    name: 'ExecuteDocument',
    platform: 'any',
    description: 'Runs another component document (nested at most three levels).',
    inputs: {
      shape: 'map',
      fields: {
        document: string('A local path, an s3:// URI or an Image Builder component ARN.', true),
        'document-s3-bucket-owner': string('Account id of the bucket owner, for an s3:// document.'),
        phases: string('Comma-separated phases to run; all when omitted.'),
        parameters: {
          type: {
            kind: 'records',
            fields: { name: string('Parameter name.', true), value: string('Parameter value.', true) },
          },
          description: 'Parameters passed to the document, each with name and value.',
        },
      },
    },
    outputs: ['executedStepCount', 'executionId', 'failedStepCount', 'failureMessage', 'ignoredFailedStepCount', 'logUrl', 'status'],
  },
  {
    name: 'ExecutePowerShell',
    platform: 'Windows',
    description: 'Runs PowerShell commands or a .ps1 file; exit code 3010 reboots and runs the step again.',
    inputs: {
      shape: 'map',
      fields: {
        commands: stringList('PowerShell commands; multi-line strings are allowed.'),
        file: string('Path of a .ps1 script to run with -File.'),
      },
      exactlyOneOf: ['commands', 'file'],
    },
    outputs: ['stdout'],
    rebootExitCodes: [3010],
  },
  {
    name: 'S3Download',
    platform: 'any',
    description: 'Downloads S3 objects (or a key prefix ending in /*) to local paths.',
    inputs: {
      shape: 'list',
      fields: {
        source: string('s3://bucket/key, or a key prefix ending in /*.', true),
        destination: string('Local file or folder; its folders must exist.', true),
        expectedBucketOwner: string('Account id expected to own the bucket.'),
        overwrite: boolean('Replace existing files (default true).'),
      },
    },
    outputs: [],
  },
  {
    name: 'S3Upload',
    platform: 'any',
    description: 'Uploads local files or folders to S3.',
    inputs: {
      shape: 'list',
      fields: {
        source: string('Local file or folder; * wildcards are allowed.', true),
        destination: string('s3://bucket/key or key prefix.', true),
        recurse: boolean('Upload folders recursively (default false).'),
        expectedBucketOwner: string('Account id expected to own the bucket.'),
      },
    },
    outputs: [],
  },
  {
    name: 'WebDownload',
    platform: 'any',
    description: 'Downloads files over HTTP(S), with optional checksum verification.',
    inputs: {
      shape: 'list',
      fields: {
        source: string('The URL (HTTPS recommended).', true),
        destination: string('Local file path, or folder path ending with a separator.', true),
        overwrite: boolean('Replace existing files (default true).'),
        checksum: string('Expected hash of the file; needs algorithm.'),
        algorithm: { type: { kind: 'enum', values: ['MD5', 'SHA1', 'SHA256', 'SHA512'] }, description: 'Hash algorithm of checksum.' },
        ignoreCertificateErrors: boolean('Skip TLS certificate validation (default false).'),
      },
      bothOrNeither: ['checksum', 'algorithm'],
    },
    outputs: ['destination'],
  },
  {
    name: 'AppendFile',
    platform: 'any',
    description: 'Appends content to an existing file.',
    inputs: { shape: 'list', fields: { path: path('file'), content: string('The text to append.'), encoding } },
    outputs: [],
  },
  { name: 'CopyFile', platform: 'any', description: 'Copies files.', inputs: { shape: 'list', fields: copyOrMove('file') }, outputs: [] },
  {
    name: 'CopyFolder',
    platform: 'any',
    description: 'Copies folders.',
    inputs: { shape: 'list', fields: copyOrMove('folder') },
    outputs: [],
  },
  {
    name: 'CreateFile',
    platform: 'any',
    description: 'Creates a file (and its parent folders).',
    inputs: {
      shape: 'list',
      fields: {
        path: path('file'),
        content: string('The file content.'),
        encoding,
        owner: string('Owner user name or id. Linux only.'),
        group: string('Group name or id. Linux only.'),
        permissions: permissions(false),
        overwrite: boolean('Replace an existing file (default true).'),
      },
    },
    outputs: [],
  },
  {
    name: 'CreateFolder',
    platform: 'any',
    description: 'Creates a folder (and its parents).',
    inputs: {
      shape: 'list',
      fields: {
        path: path('folder'),
        owner: string('Owner user name or id. Linux only.'),
        group: string('Group name or id. Linux only.'),
        permissions: permissions(false),
        overwrite: boolean('Replace an existing folder (default true).'),
      },
    },
    outputs: [],
  },
  {
    name: 'CreateSymlink',
    platform: 'Linux',
    description: 'Creates a symbolic link.',
    inputs: {
      shape: 'list',
      fields: {
        path: path('link'),
        target: string('The file the link points to.', true),
        force: boolean('Replace an existing link (default false).'),
      },
    },
    outputs: [],
  },
  {
    name: 'DeleteFile',
    platform: 'any',
    description: 'Deletes files; * wildcards are allowed in the file name.',
    inputs: { shape: 'list', fields: { path: path('file') } },
    outputs: [],
  },
  {
    name: 'DeleteFolder',
    platform: 'any',
    description: 'Deletes a folder.',
    inputs: { shape: 'list', fields: { path: path('folder'), force: boolean('Delete a non-empty folder (default false).') } },
    outputs: [],
  },
  {
    name: 'ListFiles',
    platform: 'any',
    description: 'Lists the files of a folder.',
    inputs: {
      shape: 'list',
      fields: {
        path: path('folder'),
        fileNamePattern: string('Only names matching this pattern (* wildcard).'),
        recursive: boolean('Include subfolders (default false).'),
      },
    },
    outputs: ['files'],
  },
  { name: 'MoveFile', platform: 'any', description: 'Moves files.', inputs: { shape: 'list', fields: copyOrMove('file') }, outputs: [] },
  {
    name: 'MoveFolder',
    platform: 'any',
    description: 'Moves folders.',
    inputs: { shape: 'list', fields: copyOrMove('folder') },
    outputs: [],
  },
  {
    name: 'ReadFile',
    platform: 'any',
    description: 'Reads a text file, for later steps to use.',
    inputs: {
      shape: 'list',
      fields: { path: path('file'), encoding, printFileContent: boolean('Print the content to console.log (default false).') },
    },
    outputs: ['content'],
  },
  {
    name: 'SetFileEncoding',
    platform: 'any',
    description: 'Converts a file from utf-8 to another encoding.',
    inputs: { shape: 'list', fields: { path: path('file'), encoding } },
    outputs: [],
  },
  {
    name: 'SetFileOwner',
    platform: 'Linux',
    description: 'Sets the owner and group of a file.',
    inputs: { shape: 'list', fields: { path: path('file'), owner: string('The user name.', true), group: string('The group name.') } },
    outputs: [],
  },
  {
    name: 'SetFolderOwner',
    platform: 'Linux',
    description: 'Sets the owner and group of a folder.',
    inputs: {
      shape: 'list',
      fields: {
        path: path('folder'),
        owner: string('The user name.', true),
        group: string('The group name.'),
        recursive: boolean('Include the folder content (default true).'),
      },
    },
    outputs: [],
  },
  {
    name: 'SetFilePermissions',
    platform: 'Linux',
    description: 'Sets the permissions of a file.',
    inputs: { shape: 'list', fields: { path: path('file'), permissions: permissions(true) } },
    outputs: [],
  },
  {
    name: 'SetFolderPermissions',
    platform: 'Linux',
    description: 'Sets the permissions of a folder.',
    inputs: {
      shape: 'list',
      fields: { path: path('folder'), permissions: permissions(true), recursive: boolean('Include the folder content (default true).') },
    },
    outputs: [],
  },
  {
    name: 'InstallMSI',
    platform: 'Windows',
    description: 'Installs an MSI package.',
    inputs: { shape: 'map', fields: msiInputs },
    outputs: ['logFile', 'msiExitCode', 'stdout'],
  },
  {
    name: 'UninstallMSI',
    platform: 'Windows',
    description: 'Removes an MSI package.',
    inputs: { shape: 'map', fields: msiInputs },
    outputs: ['logFile', 'msiExitCode', 'stdout'],
  },
  {
    name: 'Reboot',
    platform: 'any',
    description: 'Reboots the instance; the build resumes with the next step.',
    inputs: {
      shape: 'map',
      optional: true,
      fields: {
        delaySeconds: { type: { kind: 'integer', minimum: 0 }, description: 'Seconds to wait before rebooting (default 0).' },
      },
    },
    outputs: [],
  },
  {
    name: 'SetRegistry',
    platform: 'Windows',
    description: 'Sets registry values, creating keys as needed.',
    inputs: {
      shape: 'list',
      fields: {
        path: string('Registry key, e.g. HKLM:\\SOFTWARE\\Example.', true),
        name: string('Value name.', true),
        value: { type: { kind: 'scalarOrList' }, required: true, description: 'The value.' },
        type: {
          type: { kind: 'enum', values: ['BINARY', 'DWORD', 'QWORD', 'SZ', 'EXPAND_SZ', 'MULTI_SZ'] },
          required: true,
          description: 'Registry value type.',
        },
      },
    },
    outputs: [],
  },
  {
    name: 'UpdateOS',
    platform: 'any',
    description: 'Installs operating system updates (all by default).',
    inputs: {
      shape: 'map',
      optional: true,
      fields: {
        include: stringList('Updates (Windows KB ids or patterns) or packages (Linux) to install.'),
        exclude: stringList('Updates or packages to leave out.'),
      },
    },
    outputs: [],
  },
];

/** Every documented action module, by name. */
export const ACTION_MODULES: ReadonlyMap<string, ActionModule> = new Map(MODULES.map((m) => [m.name, m]));

/** The documented action module names, sorted. */
export const ACTION_MODULE_NAMES: readonly string[] = [...ACTION_MODULES.keys()].sort();
