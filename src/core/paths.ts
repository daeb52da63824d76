/** Where things live in the repository. */
export const SHARED_COMPONENTS_FOLDER = 'components-yaml';
