/** The errors `vsh lab` reports to people: a message, a hint, and the exit code to use. */

/** A lab operation that cannot go on. Exit code 1: the lab failed; 2: usage or prerequisites. */
export class LabError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** One thing the machine lacks, and the Debian package that provides it (when one does). */
export interface Missing {
  what: string;
  package?: string;
  /** Why it is needed or what was seen, when the name alone does not say. */
  detail?: string;
}

/** The machine cannot run a lab: lists everything missing at once (exit 2). */
export class PrerequisiteError extends LabError {
  constructor(readonly missing: readonly Missing[]) {
    const packages = [...new Set(missing.flatMap((m) => (m.package ? [m.package] : [])))];
    super(
      `the local lab cannot run here:\n${missing
        .map((m) => `  - ${m.what}${m.detail ? ` (${m.detail})` : ''}${m.package ? ` — install the Debian package ${m.package}` : ''}`)
        .join('\n')}`,
      packages.length ? `apt-get install ${packages.join(' ')}` : undefined,
      2,
    );
  }
}
