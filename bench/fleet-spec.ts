/**
 * The synthetic fleet the benchmark measures, as plain data: no file system, no YAML library,
 * no cdktf. The fleet generator writes it to disk in the real config format; the reference app
 * builds the same resources from it directly.
 *
 * Shape: 40 shared AWSTOE documents (ExecuteBash, 1-6 KB, some parameters with defaults), and per
 * team 2 local documents and 3 Linux images of 6 components each, distributed to 2 regions and
 * 5 target accounts, the first rebuilding on critical findings. Everything is deterministic, so every run measures the same fleet.
 */

const SHARED_DOCUMENT_COUNT = 40;
const COMPONENTS_PER_IMAGE = 6;
export const BUILD_ACCOUNT = 'image-factory';
export const TARGET_ACCOUNTS = ['workload-prod', 'workload-staging', 'workload-dev', 'analytics-prod', 'shared-services'] as const;
export const REGIONS = ['eu-west-2', 'eu-west-1'] as const;
/** The platform key of a region, in the build account (key ARNs: see kmsKeyArnSchema). */
export function kmsKeyArnOf(region: string): string {
  return `arn:aws:kms:${region}:${ACCOUNT_IDS[BUILD_ACCOUNT]!}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
}
export const PARENT_IMAGE = 'amazon-linux-2023-x86';
export const TEST_COMPONENT = 'simple-boot-test-linux';

/** Account directory of the generated platform settings: the build account and the targets. */
export const ACCOUNT_IDS: Readonly<Record<string, string>> = {
  [BUILD_ACCOUNT]: '100000000000',
  ...Object.fromEntries(TARGET_ACCOUNTS.map((name, index) => [name, `20000000000${index}`])),
};

export interface DocumentParameter {
  name: ParameterName;
  default: string;
}

/** An AWSTOE component document: the leading comment lines and the content Image Builder receives. */
export interface SyntheticDocument {
  name: string;
  description: string;
  parameters: DocumentParameter[];
  /** Comment lines at the top of the file (not sent to Image Builder). */
  header: string;
  /** The document without its header comment. */
  body: string;
}

export interface ComponentUse {
  origin: 'shared' | 'local';
  name: string;
  /** Values team.yaml sets, by parameter name. */
  parameters: Record<string, string>;
}

export interface SyntheticImage {
  name: string;
  description: string;
  cron: string;
  components: ComponentUse[];
  /** Rebuilds on critical Inspector findings (the first image of each team). */
  rebuildOnCriticalFindings: boolean;
}

export interface SyntheticTeam {
  name: string;
  emails: string[];
  localDocuments: SyntheticDocument[];
  images: SyntheticImage[];
}

export interface SyntheticFleet {
  sharedDocuments: SyntheticDocument[];
  teams: SyntheticTeam[];
}

const TOOLS = [
  'nginx',
  'chrony',
  'auditd',
  'fail2ban',
  'node-exporter',
  'fluent-bit',
  'java-runtime',
  'python-runtime',
  'docker',
  'containerd',
  'postgres-client',
  'redis-tools',
  'git',
  'awscli',
  'cfn-bootstrap',
  'efs-utils',
  'falcon-sensor',
  'qualys-agent',
  'splunk-forwarder',
  'datadog-agent',
] as const;
const IMAGE_NAMES = ['api', 'worker', 'batch'] as const;
const LOCAL_DOCUMENT_NAMES = ['app-config', 'app-healthcheck'] as const;
/** Per image: weekly, monthly and daily builds, at minutes that differ between teams. */
const SCHEDULES: readonly ((team: number) => string)[] = [
  (team) => `cron(${team % 60} 1 ? * MON *)`,
  (team) => `cron(${team % 60} 2 1 * ? *)`,
  (team) => `cron(${team % 60} 3 * * ? *)`,
];
const PARAMETER_NAMES = ['listenPort', 'logLevel', 'configProfile'] as const;
type ParameterName = (typeof PARAMETER_NAMES)[number];
const PARAMETER_DEFAULTS: Record<ParameterName, string> = { listenPort: '8080', logLevel: 'info', configProfile: 'standard' };
/** The values team.yaml sets where it sets one. */
const PARAMETER_VALUES: Record<ParameterName, string> = { listenPort: '8443', logLevel: 'warn', configProfile: 'hardened' };

/** The fleet with `teamCount` teams; the same count always gives the same fleet. */
export function syntheticFleet(teamCount: number): SyntheticFleet {
  const sharedDocuments = Array.from({ length: SHARED_DOCUMENT_COUNT }, (_, index) => sharedDocument(index));
  const teams = Array.from({ length: teamCount }, (_, index) => syntheticTeam(index, sharedDocuments));
  return { sharedDocuments, teams };
}

/** The documents a team's images use, sorted by name, each once (one component resource each). */
export function documentsUsedBy(team: SyntheticTeam): ComponentUse[] {
  const byName = new Map<string, ComponentUse>();
  for (const image of team.images) for (const use of image.components) byName.set(use.name, use);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function teamName(index: number): string {
  return `team-${String(index + 1).padStart(3, '0')}`;
}

function sharedDocument(index: number): SyntheticDocument {
  const tool = TOOLS[index % TOOLS.length]!;
  const verb = index < TOOLS.length ? 'install' : 'configure';
  const name = `${verb}-${tool}`;
  const parameters = PARAMETER_NAMES.slice(0, (3 - (index % 3)) % 3).map((p) => ({ name: p, default: PARAMETER_DEFAULTS[p] }));
  // Files of about 1.5 KB to 6 KB, spread over the library.
  const targetSize = 1024 + ((index * 1409) % 4096);
  return document(name, `${verb === 'install' ? 'Installs' : 'Configures'} ${tool} on Amazon Linux 2023.`, tool, parameters, targetSize);
}

function localDocument(team: string, index: number): SyntheticDocument {
  const name = LOCAL_DOCUMENT_NAMES[index]!;
  return document(
    name,
    `The ${name.replace('-', ' ')} of the services of ${team}.`,
    `${team}-${name}`,
    [{ name: 'configProfile', default: PARAMETER_DEFAULTS.configProfile }],
    2048 + index * 1024,
  );
}

function syntheticTeam(index: number, shared: SyntheticDocument[]): SyntheticTeam {
  const name = teamName(index);
  const random = seededRandom(index + 1);
  const localDocuments = [localDocument(name, 0), localDocument(name, 1)];
  const images = IMAGE_NAMES.map((imageName, imageIndex): SyntheticImage => {
    // Images 0 and 1 use one local document each, image 2 uses both.
    const locals = imageIndex === 2 ? localDocuments : [localDocuments[imageIndex]!];
    const picks = pickDistinct(random, shared.length, COMPONENTS_PER_IMAGE - locals.length).map((i) => shared[i]!);
    const components = [...picks, ...locals].map((doc, position): ComponentUse => ({
      origin: locals.includes(doc) ? 'local' : 'shared',
      name: doc.name,
      // Every other component sets its first parameter; the rest keep the defaults.
      parameters:
        doc.parameters.length && position % 2 === 0 ? { [doc.parameters[0]!.name]: PARAMETER_VALUES[doc.parameters[0]!.name] } : {},
    }));
    return {
      name: imageName,
      description: `${imageName} hosts of ${name}`,
      cron: SCHEDULES[imageIndex]!(index),
      components,
      rebuildOnCriticalFindings: imageIndex === 0,
    };
  });
  return { name, emails: [`${name}-dev@example.org`, `${name}-oncall@example.org`], localDocuments, images };
}

function document(name: string, description: string, tool: string, parameters: DocumentParameter[], targetSize: number): SyntheticDocument {
  const header = [
    '# yaml-language-server: $schema=../schema/component.schema.json',
    `# ${description}`,
    '# Generated for the synth benchmark.',
  ].join('\n');
  const head = [
    `name: ${name}`,
    `description: ${description}`,
    'schemaVersion: 1.0',
    '',
    ...(parameters.length ? ['parameters:', ...parameters.flatMap(parameterLines), ''] : []),
    'phases:',
    '  - name: build',
    '    steps:',
  ];
  const validate = ['  - name: validate', '    steps:', ...step('CheckService', checkCommands(tool, parameters))];
  const build: string[] = [];
  const size = () => [...head, ...build, ...validate].join('\n').length;
  for (let stepIndex = 0; size() < targetSize; stepIndex++) {
    const kind = BUILD_STEPS[stepIndex % BUILD_STEPS.length]!;
    build.push(...step(`${kind.name}${Math.floor(stepIndex / BUILD_STEPS.length) + 1}`, kind.commands(tool, parameters, stepIndex)));
  }
  return { name, description, parameters, header, body: `${[...head, ...build, ...validate].join('\n')}\n` };
}

function parameterLines(parameter: DocumentParameter): string[] {
  return [
    `  - ${parameter.name}:`,
    '      type: string',
    `      default: '${parameter.default}'`,
    `      description: The ${parameter.name} this component configures.`,
  ];
}

function step(name: string, commands: string[]): string[] {
  return [
    `      - name: ${name}`,
    '        action: ExecuteBash',
    '        inputs:',
    '          commands:',
    '            - |',
    ...['set -euo pipefail', ...commands].map((line) => `              ${line}`),
    '',
  ];
}

interface BuildStep {
  name: string;
  commands: (tool: string, parameters: DocumentParameter[], stepIndex: number) => string[];
}

const BUILD_STEPS: readonly BuildStep[] = [
  {
    name: 'InstallPackages',
    commands: (tool) => [
      `dnf install -y ${tool} jq curl-minimal`,
      `rpm -q ${tool} >/dev/null || { echo "FAIL: ${tool} did not install" >&2; exit 1; }`,
    ],
  },
  {
    name: 'CreateServiceAccount',
    commands: (tool) => [
      `if ! getent group ${tool} >/dev/null; then`,
      `  groupadd --system ${tool}`,
      'fi',
      `if ! id -u ${tool} >/dev/null 2>&1; then`,
      `  useradd --system --gid ${tool} --home-dir /opt/${tool} --no-create-home --shell /sbin/nologin ${tool}`,
      'fi',
      `install -d -m 0750 -o ${tool} -g ${tool} /var/lib/${tool} /var/log/${tool}`,
    ],
  },
  {
    name: 'WriteConfiguration',
    commands: (tool, parameters, stepIndex) => [
      `install -d -m 0755 /etc/${tool}`,
      `cat > /etc/${tool}/${tool}-${stepIndex}.conf <<'CONF'`,
      `# Managed by the ${tool} component; local edits are overwritten at the next build.`,
      ...parameters.map((p) => `${p.name} = {{ ${p.name} }}`),
      `data_dir = /var/lib/${tool}`,
      `log_file = /var/log/${tool}/${tool}.log`,
      'max_connections = 512',
      'read_timeout_seconds = 30',
      'CONF',
      `chmod 0644 /etc/${tool}/${tool}-${stepIndex}.conf`,
    ],
  },
  {
    name: 'InstallSystemdUnit',
    commands: (tool) => [
      `cat > /etc/systemd/system/${tool}.service <<'UNIT'`,
      '[Unit]',
      `Description=${tool} (golden AMI)`,
      'After=network-online.target',
      'Wants=network-online.target',
      '',
      '[Service]',
      `User=${tool}`,
      `ExecStart=/usr/bin/${tool} --config /etc/${tool}`,
      'Restart=on-failure',
      'NoNewPrivileges=true',
      'ProtectSystem=full',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      'UNIT',
      'systemctl daemon-reload',
      `systemctl enable ${tool}.service`,
    ],
  },
];

/** The validate step reads every parameter, so that each is used whatever the document's size. */
function checkCommands(tool: string, parameters: DocumentParameter[]): string[] {
  return [
    `if ! systemctl is-enabled --quiet ${tool}.service 2>/dev/null && ! rpm -q ${tool} >/dev/null; then`,
    `  echo "FAIL: ${tool} is neither installed nor enabled" >&2`,
    '  exit 1',
    'fi',
    `echo "${tool} is in place${parameters.map((p) => `, ${p.name} {{ ${p.name} }}`).join('')}"`,
  ];
}

/** Mulberry32: a small deterministic generator, so the same seed always picks the same components. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickDistinct(random: () => number, poolSize: number, count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(random() * poolSize));
  return [...picked];
}
