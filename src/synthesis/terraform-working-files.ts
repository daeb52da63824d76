/**
 * Replacing the output folder with a new synth while keeping what Terraform keeps in each stack
 * folder between runs. `.terraform/terraform.tfstate` records the backend of the last
 * `terraform init`: without it, `terraform init -migrate-state` cannot know that the state used to
 * be local and copies nothing (the bootstrap's second step, docs/platform.md, "Setting up the platform").
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STACKS_FOLDER } from './manifest.js';

/**
 * The working files of a Terraform root module (Terraform CLI documentation, "Initializing Working
 * Directories", "Dependency Lock File" and "Backend Type: local"): the initialised backend,
 * providers and modules; the dependency lock file; local state, its backup, workspaces and lock.
 */
export const TERRAFORM_WORKING_FILES = [
  '.terraform',
  '.terraform.lock.hcl',
  '.terraform.tfstate.lock.info',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'terraform.tfstate.d',
] as const;

/**
 * Puts `staging` in the place of `outdir`. Every stack folder the new synth wrote (it has a
 * `cdk.tf.json`) gets the Terraform working files the old one had; a stack no longer synthesised
 * keeps nothing. The old folder is only removed once everything is moved: if a move fails, it stays
 * beside the output folder as `<outdir>.previous`, with what was not moved yet.
 */
export function replaceOutputFolder(staging: string, outdir: string): void {
  const previous = `${outdir}.previous`;
  rmSync(previous, { recursive: true, force: true });
  const hadOutput = existsSync(outdir);
  if (hadOutput) renameSync(outdir, previous);
  try {
    renameSync(staging, outdir);
  } catch (error) {
    if (hadOutput) renameSync(previous, outdir);
    throw error;
  }
  if (!hadOutput) return;
  for (const stack of synthesizedStacks(outdir)) {
    for (const file of TERRAFORM_WORKING_FILES) {
      const from = join(previous, STACKS_FOLDER, stack, file);
      if (existsSync(from)) renameSync(from, join(outdir, STACKS_FOLDER, stack, file));
    }
  }
  rmSync(previous, { recursive: true, force: true });
}

/** The stack folders of an output folder that hold a synthesised stack. */
function synthesizedStacks(outdir: string): string[] {
  const stacks = join(outdir, STACKS_FOLDER);
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(stacks, entry.name, 'cdk.tf.json')))
    .map((entry) => entry.name);
}
