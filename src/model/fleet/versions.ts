/** The one seam where versions are decided (implemented by src/versioning). */
import type { ComponentArgs, ParentImage, RecipeArgs } from './fleet.js';
import type { ComponentDocument, ImagePlatform } from '../../components/document.js';
import type { ParentPin } from '../../config/lock-schema.js';

/** What a version decision for a component sees. */
export interface ComponentVersionRequest {
  team: string;
  document: ComponentDocument;
  args: ComponentArgs;
}

/** What a version decision for an image recipe sees. */
export interface RecipeVersionRequest {
  team: string;
  image: string;
  platform: ImagePlatform;
  parentImage: ParentImage;
  args: RecipeArgs;
}

/** A recipe's version, and the versions it had before (oldest first). */
export interface RecipeVersions {
  version: string;
  earlier: string[];
}

/** Chooses the version of every versioned resource while the fleet is resolved. */
export interface VersionResolver {
  component(request: ComponentVersionRequest): string;
  recipe(request: RecipeVersionRequest): RecipeVersions;
  /**
   * Pins an image to a version of a shared component: returns the component's current version and
   * every version its lock history recorded (the versions an image may pin: components keep their
   * old versions in AWS, `skip_destroy`), and has the lock keep a recorded pinned version.
   */
  pinSharedComponent(document: string, version: string): { current: string; recorded: string[] };
  /** The AMI pinned for an image's parent lookup, if any. */
  parentPin(request: { team: string; image: string }): ParentPin | undefined;
}
