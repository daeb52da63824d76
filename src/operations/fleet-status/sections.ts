/**
 * The sections `npm run fleet-status` reports after the production images, each gathered and
 * rendered by its own module: preview builds (previews.ts). Channels and revocations join here.
 */
import type { Fleet } from '../../model/fleet/fleet.js';
import type { Clients } from './gather.js';
import { gatherPreviews, previewLines } from './previews.js';

/** A section: its key in `--json`, its lines in the text and Markdown reports. */
export interface ReportSection {
  key: string;
  json: unknown;
  lines: string[];
}

/** Every section of the report beside the production images. */
export async function reportSections(fleet: Fleet, clients: Clients): Promise<ReportSection[]> {
  const previews = await gatherPreviews(fleet, clients);
  return [{ key: 'previews', json: previews, lines: previewLines(previews) }];
}
