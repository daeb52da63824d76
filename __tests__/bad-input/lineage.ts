/** Mistakes in building on another team's image (`parentImage: { golden }`): each reported at the child's line, with what to do. */
import { PLATFORM, type BadInput } from '../support/bad-input.js';

/** The example's website team builds web-server (its images[0]) on platform/container-host. */
const WEB = 'teams/website/team.yaml';
const WEB_PARENT = 'golden: platform/container-host';

export const cases: BadInput[] = [
  {
    name: 'a golden parent the fleet does not have, with a did-you-mean among its images',
    change: (r) => r.edit(WEB, WEB_PARENT, 'golden: platform/container-hots'),
    file: WEB,
    path: 'images[0].parentImage',
    where: ['golden: platform/container-hots'],
    message: /^no image "platform\/container-hots" in the fleet$/,
    hint: /^did you mean "platform\/container-host"\? golden names an image of the fleet as <team>\/<image>$/,
  },
  {
    name: 'a golden parent written without its team',
    change: (r) => r.edit(WEB, WEB_PARENT, 'golden: container-host'),
    file: WEB,
    path: 'images[0].parentImage.golden',
    where: ['golden: container-host', 1, 8],
    message: /^golden names an image of the fleet as <team>\/<image>, e\.g\. platform\/container-host$/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'a channel of a golden parent that has no channels',
    change: (r) => r.edit(WEB, WEB_PARENT, `${WEB_PARENT}\n      channel: stable`),
    file: WEB,
    path: 'images[0].parentImage',
    where: [WEB_PARENT],
    message: /^platform\/container-host has no channels, so there is no channel "stable" to follow$/,
    hint: /^remove channel: the image then follows platform\/container-host's ssmParameter in eu-west-2$/,
  },
  {
    name: "a golden parent that does not distribute to the child's build account, naming the line to add it at",
    change: (r) => r.edit(WEB, 'account: web-prod', 'account: digital-lab'),
    file: WEB,
    path: 'images[0].parentImage',
    where: [WEB_PARENT],
    message:
      /^platform\/container-host does not distribute to this team's build account digital-lab \(555555555555\) in eu-west-2: its AMI and parameter never arrive there$/,
    hint: /^team platform adds digital-lab to the accounts of the eu-west-2 entry of images\[0\]\.distribution in teams\/platform\/team\.yaml \(and the platform's distributionAccounts\.platform lets it\)$/,
  },
  {
    name: "a golden parent that sets no parameter in the child's region",
    change: (r) => r.edit(PLATFORM, /( {8}ssmParameter: \/golden-ami\/platform\/container-host\/latest\n)(\s+- region: eu-west-1)/, '$2'),
    file: WEB,
    path: 'images[0].parentImage',
    where: [WEB_PARENT],
    message: /^platform\/container-host publishes no SSM parameter in eu-west-2, the region this team builds in \(only in eu-west-1\)$/,
    hint: /^team platform adds a eu-west-2 entry with ssmParameter to its image's distribution in teams\/platform\/team\.yaml, or name one of its channels/,
  },
  {
    name: 'an instance type of another architecture than the golden parent',
    change: (r) => r.edit(WEB, `${WEB_PARENT}\n`, `${WEB_PARENT}\n    instanceTypes: [m7g.large]\n`),
    file: WEB,
    path: 'images[0].instanceTypes[0]',
    where: ['m7g.large'],
    message:
      /^instance type m7g\.large is arm64, but the parent image platform\/container-host is x86_64 \(it is built on m7i\.large, m6i\.large\)$/,
    hint: /^use x86_64 instance types such as m7i\.large, or build on an arm64 image$/,
  },
];
