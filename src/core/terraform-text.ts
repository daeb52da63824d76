/**
 * Text written by teams and the platform, made literal for Terraform. Terraform reads `${...}` and
 * `%{...}` in every string of a `.tf.json` file as an expression or directive, so a team's bash
 * (`${FORWARD}`) or a hostile description (`${file("/proc/self/environ")}`) would be evaluated at
 * plan time. `$${` and `%%{` are Terraform's escapes for them. This is applied once, where the
 * resolved fleet becomes a stack (TeamStack), and nowhere else; fingerprints are taken before it,
 * over the text as written.
 */

/** `text` as a Terraform string literal that Terraform reads back as exactly `text`. */
export function terraformLiteral(text: string): string {
  return text.replace(/[$%]\{/g, (sequence) => sequence.charAt(0) + sequence);
}

/**
 * What Terraform reads from a string of a `.tf.json` file, when it is a literal: escapes
 * undone, scanned left to right as Terraform's template scanner does. Undefined when the
 * string holds an expression or directive, whose value is known only at plan time.
 */
export function readTerraformLiteral(template: string): string | undefined {
  let expressions = 0;
  const text = template.replace(/\$\$\{|%%\{|\$\{|%\{/g, (sequence) => {
    if (sequence.length === 3) return sequence.slice(1);
    expressions += 1;
    return sequence;
  });
  return expressions === 0 ? text : undefined;
}

/** Plain data (the resolved fleet model) with every string, keys included, made a Terraform literal. */
export function literalData<T>(data: T): T {
  if (typeof data === 'string') return terraformLiteral(data) as T;
  if (Array.isArray(data)) return data.map(literalData) as T;
  if (data && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [terraformLiteral(key), literalData(value)])) as T;
  }
  return data;
}

/**
 * A policy document as the JSON text of a Terraform argument, with IAM's own policy variables
 * (`${aws:PrincipalTag/Team}`) escaped so that Terraform sends them to AWS as written. Text already
 * made literal (`$${…}`) is left as it is.
 */
export function policyJson(document: unknown): string {
  return JSON.stringify(document).replace(/(?<!\$)\$\{aws:/g, () => '$${aws:');
}
