/** Mistakes in a team.yaml that AWS would reject only at build time, or never notice: each reported at its line. */
import { COLLECTIONS, PLATFORM, type BadInput } from '../support/bad-input.js';

export const cases: BadInput[] = [
  {
    name: 'an AWS-managed component Image Builder does not publish (a typo), with a did-you-mean',
    change: (r) => r.edit(COLLECTIONS, 'aws: amazon-cloudwatch-agent-windows', 'aws: amazon-cloudwatch-agnet-windows'),
    file: COLLECTIONS,
    path: 'images[1].components[1].aws',
    where: ['amazon-cloudwatch-agnet-windows'],
    message: /^Image Builder publishes no AWS-managed component "amazon-cloudwatch-agnet-windows" \(catalog of \d{4}-\d\d-\d\d\)$/,
    hint: /^did you mean "amazon-cloudwatch-agent-windows"\? If AWS published it since, run npm run refresh-managed-components and commit src\/model\/fleet\/aws-managed-components\.json$/,
  },
  {
    name: 'an AWS-managed Windows-only component without a platform in its name in a Linux image',
    change: (r) => r.edit(PLATFORM, '      - shared: container-runtime\n', '      - shared: container-runtime\n      - aws: chocolatey\n'),
    file: PLATFORM,
    path: 'images[0].components[5].aws',
    where: ['chocolatey'],
    message: /^AWS-managed component "chocolatey" is for Windows, but the image is Linux$/,
    hint: /^use a Linux component \(such as /,
  },
  {
    name: 'a Graviton instance type with an x86 parent image',
    change: (r) => r.edit(PLATFORM, 'instanceTypes: [m7i.large, m6i.large]', 'instanceTypes: [m7i.large, m7g.large]'),
    file: PLATFORM,
    path: 'images[0].instanceTypes[1]',
    where: ['m7g.large'],
    message: /^instance type m7g\.large is arm64, but the parent image amazon-linux-2023-x86 is x86_64$/,
    hint: /use x86_64 instance types such as m7i\.large, or an arm64 parent image/,
  },
  {
    name: 'an x86 instance type with an arm64 parent from an AWS SSM parameter',
    change: (r) => r.edit(PLATFORM, 'al2023-ami-kernel-default-x86_64', 'al2023-ami-kernel-default-arm64'),
    file: PLATFORM,
    path: 'images[1].instanceTypes[0]',
    where: ['t3.small'],
    message: /^instance type t3\.small is x86_64, but the parent image ssm:\/aws\/service\/.*-arm64 is arm64$/,
    hint: /such as m7g\.large/,
  },
  {
    name: 'the default instance type (m7i.large) with an arm64 parent image',
    change: (r) => r.edit(COLLECTIONS, '    instanceTypes: [m7g.large]\n', ''),
    file: COLLECTIONS,
    path: 'images[0].parentImage',
    where: ['amazon-linux-2023-arm64'],
    message: /^the parent image amazon-linux-2023-arm64 is arm64, and the default instance type m7i\.large \(x86_64\) does not fit it$/,
    hint: /add instanceTypes: \[m7g\.large\]/,
  },
  {
    name: 'an AWS-managed Windows component in a Linux image',
    change: (r) =>
      r.edit(
        PLATFORM,
        '      - shared: container-runtime\n',
        '      - shared: container-runtime\n      - aws: amazon-cloudwatch-agent-windows\n',
      ),
    file: PLATFORM,
    path: 'images[0].components[5].aws',
    where: ['amazon-cloudwatch-agent-windows'],
    message: /^AWS-managed component "amazon-cloudwatch-agent-windows" is for Windows, but the image is Linux$/,
    hint: /use a Linux component \(such as amazon-cloudwatch-agent-linux/,
  },
  {
    name: 'an AWS-managed Linux test in a Windows image',
    change: (r) => r.edit(COLLECTIONS, 'aws: simple-boot-test-windows', 'aws: simple-boot-test-linux'),
    file: COLLECTIONS,
    path: 'images[1].tests[0].aws',
    where: ['simple-boot-test-linux'],
    message: /^AWS-managed component "simple-boot-test-linux" is for Linux, but the image is Windows$/,
    hint: /simple-boot-test-windows/,
  },
  {
    name: 'a managed parent image name Image Builder does not publish',
    change: (r) => r.edit(PLATFORM, 'parentImage: amazon-linux-2023-x86', 'parentImage: amazon-linux-2024-x86'),
    file: PLATFORM,
    path: 'images[0].parentImage',
    where: ['amazon-linux-2024-x86'],
    message: /^Image Builder publishes no managed image "amazon-linux-2024-x86"$/,
    hint: /^did you mean "amazon-linux-2023-x86"\? For any other image use its full image ARN, ssm:<parameter> or an AMI id$/,
  },
  {
    name: "another team's image as parentImage (its AWS name), with a did-you-mean of the fleet's images and the lookup of its AMIs",
    change: (r) => r.edit(COLLECTIONS, 'parentImage: windows-server-2022-english-full-base-x86', 'parentImage: platform-bastion-hosts'),
    file: COLLECTIONS,
    path: 'images[1].parentImage',
    where: ['platform-bastion-hosts'],
    message: /^Image Builder publishes no managed image "platform-bastion-hosts"$/,
    hint: /^did you mean team platform's image bastion-host \(platform-bastion-host\)\? Build on its AMIs with a lookup, parentImage: \{ owner: "111111111111", name: "museum-bastion-al2023-\*" \}, pinned by npm run pin-parents \(its AMIs must be shared with this team's build account\), or by name: parentImage: \{ golden: platform\/bastion-host \}$/,
  },
  {
    name: "another team's image as parentImage (<team>/<image>), with the lookup of its AMIs",
    change: (r) => r.edit(COLLECTIONS, 'parentImage: windows-server-2022-english-full-base-x86', 'parentImage: platform/bastion-host'),
    file: COLLECTIONS,
    path: 'images[1].parentImage',
    where: ['platform/bastion-host'],
    message: /^"platform\/bastion-host" is not a parent image reference$/,
    hint: /^did you mean team platform's image bastion-host \(platform-bastion-host\)\?/,
  },
  {
    name: 'a parent lookup whose owner is a name, not an account id or an EC2 owner alias',
    change: (r) =>
      r.edit(PLATFORM, 'parentImage: amazon-linux-2023-x86', 'parentImage:\n      owner: redhat\n      name: RHEL-9.*_HVM-*-x86_64-*'),
    file: PLATFORM,
    path: 'images[0].parentImage.owner',
    where: ['redhat'],
    message: /^owner is a 12-digit account id \(quoted\), self, amazon or aws-marketplace$/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'a parent lookup with no AMI pinned in the lock',
    change: (r) =>
      r.edit(PLATFORM, 'parentImage: amazon-linux-2023-x86', 'parentImage: { owner: "309956199498", name: "RHEL-9.*_HVM-*-x86_64-*" }'),
    file: PLATFORM,
    path: 'images[0].parentImage',
    where: ['{ owner'],
    message: /^no AMI is pinned for the parent lookup 309956199498\/RHEL-9\.\*_HVM-\*-x86_64-\* \(x86_64\)$/,
    hint: /^run `npm run pin-parents -- --team platform` with credentials that may call ec2:DescribeImages in eu-west-2/,
  },
  {
    name: 'a parent lookup pinned to a deprecated AMI after includeDeprecated was removed',
    change: (r) => {
      r.edit(PLATFORM, 'parentImage: amazon-linux-2023-x86', 'parentImage: { owner: "309956199498", name: "RHEL-6.10_HVM-*" }');
      const lock = JSON.parse(r.read('teams/platform/versions.lock.json'));
      lock.parents = {
        'container-host': {
          owner: '309956199498',
          name: 'RHEL-6.10_HVM-*',
          architecture: 'x86_64',
          region: 'eu-west-2',
          imageId: 'ami-0aaaaaaaaaaaaaaaa',
          imageName: 'RHEL-6.10_HVM-20180613-x86_64-2-Hourly2-GP2',
          created: '2018-06-13T10:00:00.000Z',
          deprecated: '2021-06-13T10:00:00.000Z',
        },
      };
      r.write('teams/platform/versions.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
    },
    file: PLATFORM,
    path: 'images[0].parentImage',
    where: ['{ owner'],
    message:
      /^the pinned AMI ami-0aaaaaaaaaaaaaaaa was deprecated on 2021-06-13T10:00:00\.000Z, and the lookup no longer includes deprecated AMIs$/,
    hint: /^run `npm run pin-parents -- --team platform`/,
  },
  {
    name: 'a hierarchical SSM parameter name without the leading /',
    change: (r) =>
      r.edit(PLATFORM, 'ssmParameter: /golden-ami/platform/bastion-host/latest', 'ssmParameter: golden-ami/platform/bastion-host/latest'),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['golden-ami/platform/bastion-host/latest'],
    message: /^a hierarchical SSM parameter name \(one with \/\) starts with \/$/,
    hint: /add the leading \//,
  },
  {
    name: 'the example.com placeholder address of new-team left in place',
    change: (r) => r.edit(PLATFORM, 'platform-alerts@museum.example.org', 'platform-builds@example.com'),
    file: PLATFORM,
    path: 'notifications.emails[0]',
    where: ['platform-builds@example.com'],
    message: /^"platform-builds@example\.com" is a placeholder: example\.com never receives mail$/,
    hint: /real address/,
  },
  {
    name: 'a build component listed under tests',
    change: (r) =>
      r.edit(
        PLATFORM,
        '      - shared: agents-health-test\n    instanceTypes: [t3.small]',
        '      - shared: container-runtime\n    instanceTypes: [t3.small]',
      ),
    file: PLATFORM,
    path: 'images[1].tests[0]',
    where: ['shared: container-runtime', 2],
    message:
      /^component "container-runtime" is listed under tests, but a test component has only a test phase and components-yaml\/container-runtime\.yaml has the build/,
    hint: /list it under components instead/,
  },
];
