/** Image Builder image states (EC2 Image Builder API reference, ImageState.status). */

/** The states of an image whose build has not finished: a pipeline in one of them is building. */
export const RUNNING_IMAGE_STATES = ['PENDING', 'CREATING', 'BUILDING', 'TESTING', 'DISTRIBUTING', 'INTEGRATING'] as const;
