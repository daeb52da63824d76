/** Loading a folder of component documents (the shared library or a team's own). */
import { extname, join } from 'node:path';
import { COMPONENT_NAME_MAX, NAME_PATTERN } from '../config/aws-names.js';
import { readFolder } from '../core/file-read.js';
import type { Problems } from '../core/problems.js';
import { loadYamlFile } from '../core/yaml-source.js';
import { readComponentDocument, type ComponentDocument, type ComponentOrigin } from './document.js';
import { DOCUMENT_TAG_HINT } from './document-rules.js';

const DOCUMENT_EXTENSIONS = new Set(['.yaml', '.yml']);

/** The documents of a folder, and the names of those that could not be read (already reported). */
export interface ComponentLibrary {
  documents: Map<string, ComponentDocument>;
  unreadable: Set<string>;
}

/**
 * Every component document in `root/folder`, by name. A missing folder is an empty library.
 * Files whose names cannot be component names are reported, not loaded; so are links, folders
 * and other entries named like a document (see readRegularFile).
 */
export function loadComponentLibrary(root: string, folder: string, origin: ComponentOrigin, problems: Problems): ComponentLibrary {
  const library = new Map<string, ComponentDocument>();
  const unreadable = new Set<string>();
  const absolute = join(root, folder);
  const files = readFolder(absolute, folder, problems)
    .filter((entry) => DOCUMENT_EXTENSIONS.has(extname(entry.name)))
    .map((entry) => entry.name)
    .sort();
  for (const fileName of files) {
    const name = fileName.slice(0, -extname(fileName).length);
    const file = `${folder}/${fileName}`;
    if (!NAME_PATTERN.test(name) || name.length > COMPONENT_NAME_MAX) {
      problems.add({
        file,
        path: '',
        message: `"${name}" cannot be a component name`,
        hint: `rename the file: lower-case letters, digits and single hyphens, at most ${COMPONENT_NAME_MAX} characters`,
      });
      continue;
    }
    if (library.has(name)) {
      problems.add({
        file,
        path: '',
        message: `a component named "${name}" is already defined by ${library.get(name)!.file}`,
        hint: 'keep one of the two files',
      });
      continue;
    }
    const source = loadYamlFile(join(absolute, fileName), file, problems, DOCUMENT_TAG_HINT);
    const document = source && readComponentDocument(source, name, origin, problems);
    if (document) library.set(name, document);
    else unreadable.add(name);
  }
  return { documents: library, unreadable };
}
