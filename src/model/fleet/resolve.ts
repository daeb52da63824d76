/** Resolving validated config into the fleet model: references checked, names and ARNs decided. */
import semver from 'semver';
import type { ComponentDocument, ImagePlatform } from '../../components/document.js';
import { partitionOf, teamResourceName } from '../../config/aws-names.js';
import { recipeParameter } from './branch-parameter.js';
import { SHARED_COMPONENTS_FOLDER } from '../../core/paths.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { Problems } from '../../core/problems.js';
import type { ComponentRefConfig, ImageConfig } from '../../config/team-schema.js';
import { MAX_TAGS, splitBuildTimeTags } from '../../config/tags.js';
import type { LoadedTeam } from '../../config/teams.js';
import { formatPath, pathInFile, positionOf, reportAt, type YamlPath } from '../../core/yaml-source.js';
import {
  COMPONENT_DATA_LIMIT,
  launchesWithoutCopies,
  waives,
  type Account,
  type BlockDevice,
  type ComponentPin,
  type Fleet,
  type Image,
  type OwnedComponent,
  type ParentImage,
  type RecipeComponent,
  type SourceRef,
  type Team,
  type Waiver,
} from './fleet.js';
import { managedComponentArn, managedComponentOf } from './managed-component.js';
import { checkAmiNames, defaultAmiName } from './ami-names.js';
import { checkNameCollisions } from './collisions.js';
import { checkSingleWriters } from './single-writers.js';
import { checkLineage } from './lineage-checks.js';
import { goldenParentTags } from './golden-parent.js';
import { resolveDistribution, type TeamScope } from './distribution.js';
import { resolveChannels, withFirstChannelParameters } from './channels.js';
import { resolveParentImage } from './parent-image.js';
import { fleetImageNames, type FleetImageName } from './parent-suggestions.js';
import { resolveSchedule } from './schedule.js';
import { teamMistakes } from './team-mistakes.js';
import { resolveBuildPermissions } from './build-permissions.js';
import type { VersionResolver } from './versions.js';
import { findAccount } from '../../config/account-directory.js';
import { parentLabel } from '../../config/parent-lookup.js';
import { isGoldenParent } from '../../config/golden-parent.js';
import { componentBucketName, deployRoleArn, planRoleArn, teamStateKey } from '../names.js';
import { stateKeyAliasArn } from '../foundation/state-key.js';

/** Inputs to resolution: validated config and every component document found. */
export interface FleetSources {
  platform: PlatformSettings;
  teams: LoadedTeam[];
  sharedComponents: ReadonlyMap<string, ComponentDocument>;
  localComponents: ReadonlyMap<string, ReadonlyMap<string, ComponentDocument>>;
  /** `<folder>/<name>` of documents that exist but could not be read (their problems are reported). */
  unreadableComponents: ReadonlySet<string>;
}

/** Resolves every team; problems are added for whatever does not hold together. */
export function resolveFleet(sources: FleetSources, versions: VersionResolver, problems: Problems): Fleet {
  const fleetImages = fleetImageNames(sources.teams, sources.platform);
  const teamsWithErrors = new Set(problems.errors.flatMap((problem) => TEAM_FILE_PATH.exec(problem.file)?.[1] ?? []));
  const teams = sources.teams.flatMap((team) => {
    const resolved = new TeamResolver(sources, team, versions, problems, fleetImages, teamsWithErrors).resolve();
    return resolved ? [resolved] : [];
  });
  checkNameCollisions(teams, problems);
  checkAmiNames(sources.teams, problems);
  checkSingleWriters(teams, sources.platform, problems);
  checkLineage(teams, sources.teams, problems);
  return { platform: sources.platform, teams };
}

/** `teams/<team>/...`: the team a loading problem is in. */
const TEAM_FILE_PATH = /^teams\/([^/]+)(\/|$)/;

const ROOT_DEVICE: Record<ImagePlatform, BlockDeviceDefault> = {
  Linux: { device: '/dev/xvda', sizeGiB: 30 },
  Windows: { device: '/dev/sda1', sizeGiB: 60 },
};
interface BlockDeviceDefault {
  device: string;
  sizeGiB: number;
}

/**
 * Tags on the AMI a recipe builds: team, image and every component's version. They derive from
 * the recipe's own arguments, so they change exactly when the recipe gets a new version.
 */
function auditTags(team: string, image: string, components: RecipeComponent[]): Record<string, string> {
  const tags: Record<string, string> = { 'golden-ami:team': team, 'golden-ami:image': image };
  for (const component of components) {
    if (component.kind === 'owned') tags[`golden-ami:component:${component.key}`] = component.version;
    else {
      const { name, version } = managedComponentOf(component.arn);
      tags[`golden-ami:component:aws/${name}`] = version;
    }
  }
  return tags;
}

/** A component resource a team needs: a document on one platform. */
interface DocumentUse {
  document: ComponentDocument;
  platform: ImagePlatform;
}

/**
 * A platform-specific document makes one component per team (`<team>-<document>`); a document
 * that suits both platforms makes one per platform used (`<team>-<document>-linux`, `-windows`).
 */
function componentKey(document: ComponentDocument, platform: ImagePlatform): string {
  return document.platform ? document.name : `${document.name}-${platform.toLowerCase()}`;
}

class TeamResolver implements TeamScope {
  readonly platform: PlatformSettings;
  readonly teamName: string;
  readonly region: string;
  private readonly partition: string;
  private readonly used = new Map<string, DocumentUse>();
  private ok = true;

  constructor(
    private readonly sources: FleetSources,
    private readonly team: LoadedTeam,
    private readonly versions: VersionResolver,
    private readonly problems: Problems,
    private readonly fleetImages: readonly FleetImageName[],
    /** Teams whose files had errors while loading: a golden parent in one of them is left unjudged (its own errors say why). */
    private readonly teamsWithErrors: ReadonlySet<string>,
  ) {
    this.platform = sources.platform;
    this.teamName = team.name;
    this.region = team.config.region ?? sources.platform.defaultRegion;
    this.partition = partitionOf(this.region);
  }

  resolve(): Team | undefined {
    const { config, name, folder, source } = this.team;
    const account = this.account(config.account, ['account']);
    const kmsKeyId = this.kmsKey(this.region, config.region ? ['region'] : []);
    const images = this.images(account, kmsKeyId);
    for (const mistake of teamMistakes(config, (path) => source.doc.hasIn(pathInFile(source, path))))
      this.fail(mistake.path, mistake.message, mistake.hint);
    const components = this.ownedComponents(kmsKeyId);
    if (!this.ok || !account || !kmsKeyId) return undefined;
    const byKey = new Map(components.map((c) => [c.key, c]));
    for (const image of images) {
      // A pinned component keeps the version its image named; every other one is at its current version.
      const pinned = new Set(image.componentPins.map((pin) => pin.key));
      image.recipe.components = image.recipe.components.map((c) =>
        c.kind === 'owned' && !pinned.has(c.key) ? { ...c, version: byKey.get(c.key)!.version } : c,
      );
      image.recipe.amiTags = { ...auditTags(name, image.name, image.recipe.components), ...goldenParentTags(image.parentImage) };
      const versions = this.versions.recipe({
        team: name,
        image: image.name,
        platform: image.platform,
        parentImage: image.parentImage,
        args: image.recipe,
      });
      image.recipeVersion = versions.version;
      image.earlierRecipeVersions = versions.earlier;
    }
    return {
      name,
      folder,
      file: source.file,
      source: this.sourceRef(['account']),
      owners: config.owners,
      account,
      region: this.region,
      partition: this.partition,
      deployRoleArn: deployRoleArn(this.platform, account.id),
      planRoleArn: planRoleArn(this.platform, account.id),
      timezone: config.timezone,
      state: {
        bucket: this.platform.stateBucket,
        key: teamStateKey(name),
        region: this.platform.stateRegion,
        ...stateKeyOf(this.platform),
      },
      logBucket: this.platform.logBucket,
      kmsKeyId,
      emails: config.notifications.emails,
      cveAlertSeverity: this.platform.cveAlertSeverity,
      ...(config.network ? { network: config.network } : {}),
      tags: splitBuildTimeTags(config.tags).fixed,
      buildPermissions: resolveBuildPermissions(config.buildInstance.permissions, this.partition, this.region, account.id),
      components,
      images,
    };
  }

  fail(path: YamlPath, message: string, hint: string, preferKey = false): void {
    this.ok = false;
    reportAt(this.problems, this.team.source, path, message, hint, { preferKey });
  }

  sourceRef(path: YamlPath): SourceRef {
    return { file: this.team.source.file, path: formatPath(pathInFile(this.team.source, path)), ...positionOf(this.team.source, path) };
  }

  account(reference: string, path: YamlPath): Account | undefined {
    const account = findAccount(reference, this.platform.accounts);
    if (account) return account;
    this.fail(
      path,
      `unknown account "${reference}"`,
      `use a 12-digit account id or a name from the platform's account directory: ${Object.keys(this.platform.accounts).join(', ')}`,
    );
    return undefined;
  }

  kmsKey(region: string, path: YamlPath): string | undefined {
    const key = this.platform.kmsKeys[region as keyof PlatformSettings['kmsKeys']];
    if (!key) {
      this.fail(
        path,
        `the platform has no KMS key for region ${region}`,
        `ask the platform team to deploy its key (foundation.regions) and record it in kmsKeys with \`npm run platform -- record-keys\`, or use a region that has one`,
      );
    }
    return key;
  }

  private images(account: Account | undefined, kmsKeyId: string | undefined): Image[] {
    const seen = new Map<string, number>();
    const images: Image[] = [];
    this.team.config.images.forEach((image, index) => {
      const path = ['images', index];
      const previous = seen.get(image.name);
      if (previous !== undefined) {
        this.fail(
          [...path, 'name'],
          `image name "${image.name}" is already used by images[${previous}]`,
          'give every image of a team its own name',
        );
        return;
      }
      seen.set(image.name, index);
      const resolved = this.image(image, path, account, kmsKeyId);
      if (resolved) images.push(resolved);
    });
    return images;
  }

  private image(config: ImageConfig, path: YamlPath, account: Account | undefined, kmsKeyId: string | undefined): Image | undefined {
    const team = this.team.name;
    const resourceName = teamResourceName(team, config.name);
    const pin =
      typeof config.parentImage === 'string' || isGoldenParent(config.parentImage)
        ? undefined
        : this.versions.parentPin({ team, image: config.name });
    const parent = resolveParentImage(config.parentImage, {
      team,
      region: this.region,
      partition: this.partition,
      pin,
      fleetImages: this.fleetImages,
    });
    const parentUnjudged = isGoldenParent(config.parentImage) && this.teamsWithErrors.has(config.parentImage.golden.split('/')[0]!);
    if (!parent.ok && parentUnjudged) this.ok = false;
    else if (!parent.ok) this.fail([...path, 'parentImage'], parent.error, parent.hint);
    const waivers = this.waivers(config, path);
    const seen = new Set<string>();
    const componentPins: ComponentPin[] = [];
    const components = [
      ...this.recipeComponents(
        config.components,
        [...path, 'components'],
        config.platform,
        seen,
        componentPins,
        waives({ waivers }, 'pinned-component-age'),
      ),
      ...this.recipeComponents(
        config.tests,
        [...path, 'tests'],
        config.platform,
        seen,
        componentPins,
        waives({ waivers }, 'pinned-component-age'),
      ),
    ];
    const distribution = resolveDistribution(
      this,
      config.distribution,
      [...path, 'distribution'],
      account,
      waives({ waivers }, 'organization-sharing'),
    );
    const channels = resolveChannels(this, config, path, account);
    if (config.rebuildOnCriticalFindings && distribution && launchesWithoutCopies({ distribution })) {
      reportAt(
        this.problems,
        this.team.source,
        [...path, 'rebuildOnCriticalFindings'],
        "findings on instances in accounts that only have launch permission (the organization, OUs or launchPermissionAccounts) do not start a rebuild: those accounts have no foundation stack to forward Inspector's findings",
        'to cover them, distribute copies to those accounts (accounts:) instead, or leave it: findings in the accounts with copies and in the build account still rebuild',
        { severity: 'warning' },
      );
    }
    const allTags = { ...this.team.config.tags, ...config.tags };
    if (Object.keys(allTags).length > MAX_TAGS) {
      this.fail(
        [...path, 'tags'],
        `the image has ${Object.keys(allTags).length} tags with the team's, more than ${MAX_TAGS}`,
        'AWS allows 50 tags per AMI and the project sets its own: drop some team or image tags',
      );
    }
    const onUpdates = parent.ok && !config.schedule.onDemand && this.onDependencyUpdates(config, path, parent.image, components);
    const scheduled = resolveSchedule(
      this,
      config.schedule,
      path,
      waives({ waivers }, 'rebuild-cadence'),
      this.team.config.timezone,
      onUpdates,
    );
    if (!parent.ok || !scheduled || !distribution || !channels || !account || !kmsKeyId) return undefined;
    const root = ROOT_DEVICE[config.platform];
    const blockDevices: BlockDevice[] = (config.blockDevices ?? [{ device: root.device, sizeGiB: root.sizeGiB, type: 'gp3' }]).map((d) => ({
      deviceName: d.device,
      volumeSize: d.sizeGiB,
      volumeType: d.type,
      ...(d.iops !== undefined ? { iops: d.iops } : {}),
      ...(d.throughput !== undefined ? { throughput: d.throughput } : {}),
      ...(d.snapshotId !== undefined ? { snapshotId: d.snapshotId } : {}),
      kmsKeyId,
    }));
    const { fixed: tags, buildTime: buildTimeTags } = splitBuildTimeTags(allTags);
    return {
      name: config.name,
      resourceName,
      description: config.description,
      platform: config.platform,
      parentImage: parent.image,
      recipe: {
        name: resourceName,
        description: config.description,
        parentImage: parent.image.value,
        components,
        blockDevices,
        amiTags: {},
        // Set only when given, so that recipes without them keep their fingerprints.
        ...(config.userData !== undefined ? { userDataBase64: Buffer.from(config.userData, 'utf8').toString('base64') } : {}),
        ...(config.workingDirectory !== undefined ? { workingDirectory: config.workingDirectory } : {}),
      },
      componentPins,
      recipeVersion: '',
      earlierRecipeVersions: [],
      instanceTypes: config.instanceTypes,
      instanceMetadataHopLimit: config.instanceMetadataHopLimit,
      ...scheduled,
      buildOnDeploy: config.buildOnDeploy,
      rebuildOnCriticalFindings: config.rebuildOnCriticalFindings,
      testTimeoutMinutes: config.testTimeoutMinutes,
      retention: config.retention,
      waivers,
      amiName: config.amiName ?? defaultAmiName(team, config.name),
      distribution: withFirstChannelParameters(distribution, channels, account.id),
      channels,
      tags,
      buildTimeTags,
      logPrefix: `${team}/${config.name}`,
      source: this.sourceRef(path),
    };
  }

  /**
   * Whether scheduled runs wait for a dependency update. Only a parent or an AWS component with a
   * version filter (or an SSM parent) can ever have one; waiting on anything else never builds,
   * which the cadence check could not see, so it is an error.
   */
  private onDependencyUpdates(config: ImageConfig, path: YamlPath, parent: ParentImage, components: RecipeComponent[]): boolean {
    const updates = parent.updates || components.some((c) => c.kind === 'managed' && managedComponentOf(c.arn).version.includes('x'));
    const asked = config.schedule.onDemand ? undefined : config.schedule.onDependencyUpdates;
    if (asked && !updates) {
      this.fail(
        [...path, 'schedule', 'onDependencyUpdates'],
        `the pipeline would never build: the parent image ${parentLabel(config.parentImage)} never has a newer version for Image Builder to find, and no AWS component has a version filter`,
        'remove onDependencyUpdates (the image then builds at every scheduled time), or use a managed image name, an image ARN with x.x.x or an ssm: parameter as parentImage; a pinned lookup changes only through npm run pin-parents',
      );
    }
    return asked ?? updates;
  }

  private waivers(config: ImageConfig, path: YamlPath): Waiver[] {
    const seen = new Set<string>();
    config.exceptions.forEach((exception, index) => {
      if (seen.has(exception.check)) {
        this.fail([...path, 'exceptions', index, 'check'], `check "${exception.check}" is waived twice`, 'keep one exception per check');
      }
      seen.add(exception.check);
    });
    return config.exceptions.map(({ check, reason }) => ({ check, reason }));
  }

  private recipeComponents(
    refs: ComponentRefConfig[],
    path: YamlPath,
    platform: ImagePlatform,
    seen: Set<string>,
    pins: ComponentPin[],
    pinsMayLag: boolean,
  ): RecipeComponent[] {
    return refs.flatMap((ref, index): RecipeComponent[] => {
      const refPath = [...path, index];
      const parameters = Object.entries(ref.parameters ?? {})
        .map(([name, value]) => recipeParameter(name, value, this.platform.defaultBranch))
        .sort((a, b) => a.name.localeCompare(b.name));
      const reference =
        ref.aws !== undefined ? `aws: ${ref.aws}` : ref.shared !== undefined ? `shared: ${ref.shared}` : `local: ${ref.local!}`; // the schema takes exactly one of aws, shared and local
      if (seen.has(reference)) {
        this.fail(
          refPath,
          `component "${reference}" is listed twice in this image`,
          'list each component once (in components or in tests)',
        );
        return [];
      }
      seen.add(reference);
      if (ref.aws !== undefined) {
        return [{ kind: 'managed', arn: managedComponentArn(this.partition, this.region, ref.aws, ref.version), parameters }];
      }
      const document = this.document(ref, refPath);
      if (!document) return [];
      this.checkParameters(document, parameters, refPath);
      if (document.platform && document.platform !== platform) {
        this.fail(
          refPath,
          `component "${document.name}" is a ${document.platform} component but the image is ${platform}`,
          `use a ${platform} component, or change the image platform`,
        );
        return [];
      }
      const key = this.markUsed(document, platform, refPath);
      if (!key) return [];
      const pin =
        ref.shared !== undefined && ref.version !== undefined
          ? this.componentPin(document.name, key, ref.version, [...refPath, 'version'], pinsMayLag)
          : undefined;
      if (pin) pins.push(pin);
      return [
        {
          kind: 'owned',
          key,
          documentName: document.name,
          resourceName: teamResourceName(this.team.name, key),
          version: pin?.version ?? '',
          parameters,
        },
      ];
    });
  }

  private document(ref: ComponentRefConfig, path: YamlPath): ComponentDocument | undefined {
    const [folder, name, library, field] =
      ref.shared !== undefined
        ? [SHARED_COMPONENTS_FOLDER, ref.shared, this.sources.sharedComponents, 'shared']
        : [
            `${this.team.folder}/components`,
            ref.local!,
            this.sources.localComponents.get(this.team.name) ?? new Map<string, ComponentDocument>(),
            'local',
          ];
    const document = library.get(name);
    if (document) return document;
    if (this.sources.unreadableComponents.has(`${folder}/${name}`)) {
      this.ok = false; // The document's own problems are reported already.
      return undefined;
    }
    const known = [...library.keys()];
    const hint =
      field === 'shared'
        ? `use one of: ${known.join(', ') || '(none)'}`
        : `add ${folder}/${name}.yaml${known.length ? `, or use one of: ${known.join(', ')}` : ''}`;
    this.fail([...path, field], `no ${field} component "${name}" in ${folder}/`, hint);
    return undefined;
  }

  /**
   * A pin of a shared component to a version its lock recorded, at most the platform's maximum
   * behind the current one unless `mayLag` (the image waived pinned-component-age); a problem at
   * the `version` line otherwise.
   */
  private componentPin(documentName: string, key: string, version: string, path: YamlPath, mayLag: boolean): ComponentPin | undefined {
    const { current, recorded } = this.versions.pinSharedComponent(documentName, version);
    if (!recorded.includes(version)) {
      this.fail(
        path,
        `shared component "${documentName}" never had version ${version}: its lock history records ${recorded.join(', ')}`,
        `pin one of those versions (they still exist in AWS), or remove "version" to use the current one, ${current}`,
      );
      return undefined;
    }
    const versionsBehind = recorded.filter((v) => semver.gt(v, version) && semver.lte(v, current)).length;
    const most = this.platform.maxPinnedComponentVersionsBehind;
    if (versionsBehind > most && !mayLag) {
      this.fail(
        path,
        `shared component "${documentName}" pinned at ${version} is ${versionsBehind} version${versionsBehind === 1 ? '' : 's'} behind ${current}, more than the platform maximum of ${most}`,
        `move the pin to a later version (or remove "version" to use ${current}), or add exceptions: [{ check: pinned-component-age, reason: ... }]`,
      );
      return undefined;
    }
    return { key, documentName, version, current, versionsBehind, source: this.sourceRef(path) };
  }

  private checkParameters(document: ComponentDocument, given: { name: string }[], path: YamlPath): void {
    const declared = new Set(document.parameters.map((p) => p.name));
    for (const { name } of given) {
      if (!declared.has(name)) {
        this.fail(
          [...path, 'parameters', name],
          `component "${document.name}" has no parameter "${name}"`,
          declared.size ? `its parameters are: ${[...declared].join(', ')}` : 'the component takes no parameters; remove "parameters"',
          true,
        );
      }
    }
    const names = new Set(given.map((p) => p.name));
    for (const parameter of document.parameters) {
      if (parameter.default === undefined && !names.has(parameter.name)) {
        this.fail(
          path,
          `component "${document.name}" needs a value for parameter "${parameter.name}" (it has no default)`,
          `add parameters: { ${parameter.name}: <value> }`,
        );
      }
    }
  }

  private markUsed(document: ComponentDocument, platform: ImagePlatform, path: YamlPath): string | undefined {
    const key = componentKey(document, platform);
    const other = this.used.get(key)?.document;
    if (other && other !== document) {
      this.fail(
        path,
        `component "${document.name}" on ${platform} would be named ${teamResourceName(this.team.name, key)}, like ${other.file}`,
        'rename one of the two documents',
      );
      return undefined;
    }
    this.used.set(key, { document, platform });
    return key;
  }

  private ownedComponents(kmsKeyId: string | undefined): OwnedComponent[] {
    if (!kmsKeyId) return [];
    return [...this.used]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, { document, platform }]) => {
        const args = {
          name: teamResourceName(this.team.name, key),
          platform,
          data: document.data,
          description: document.description,
          kmsKeyId,
        };
        const version = this.versions.component({ team: this.team.name, document, args });
        const upload =
          Buffer.byteLength(document.data, 'utf8') > COMPONENT_DATA_LIMIT
            ? { bucket: componentBucketName(this.platform, this.region), key: `components/${this.team.name}/${key}/${version}.yaml` }
            : undefined;
        return {
          key,
          documentName: document.name,
          origin: document.origin,
          file: document.file,
          parameters: document.parameters,
          args,
          version,
          ...(upload ? { upload } : {}),
        };
      });
  }
}

/** The state key the backend encrypts with, when the platform has one. */
function stateKeyOf(platform: PlatformSettings): { kmsKeyId?: string } {
  const kmsKeyId = stateKeyAliasArn(platform);
  return kmsKeyId ? { kmsKeyId } : {};
}
