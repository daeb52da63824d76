/** Account references in team.yaml: a 12-digit id, or a name from the platform's account directory. */

export interface AccountRef {
  id: string;
  /** The directory name, when the account has one. */
  name?: string;
}

/** The account a reference names, or undefined when it names none. */
export function findAccount(reference: string, directory: Readonly<Record<string, string>>): AccountRef | undefined {
  if (/^\d{12}$/.test(reference)) {
    const name = Object.entries(directory).find(([, id]) => id === reference)?.[0];
    return name ? { id: reference, name } : { id: reference };
  }
  // Own entries only: `constructor` or `toString` must not find Object's members.
  const id = Object.hasOwn(directory, reference) ? directory[reference] : undefined;
  return id ? { id, name: reference } : undefined;
}
