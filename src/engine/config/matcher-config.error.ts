/** Config problems are collected, never thrown one by one: a user fixes a file in one pass. */
export interface ConfigIssue {
  readonly file: string;
  /** Location inside the file, e.g. `comparisons[2].levels[1].threshold`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export class MatcherConfigError extends Error {
  readonly code = 'MATCHER.INVALID_CONFIG';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `${issues.length} matcher config problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `  ${formatIssue(issue)}`).join('\n'),
    );
    this.name = 'MatcherConfigError';
  }
}

export function formatIssue({ file, path, message }: ConfigIssue): string {
  return path ? `${file}: ${path}: ${message}` : `${file}: ${message}`;
}

/** Collects issues for one file; `at()` scopes a path so nested checks need not know their parents. */
export class IssueList {
  constructor(
    readonly file: string,
    private readonly sink: ConfigIssue[] = [],
    private readonly prefix = '',
  ) {}

  add(path: string, message: string): void {
    this.sink.push({ file: this.file, path: joinPath(this.prefix, path), message });
  }

  at(path: string): IssueList {
    return new IssueList(this.file, this.sink, joinPath(this.prefix, path));
  }

  get all(): readonly ConfigIssue[] {
    return this.sink;
  }

  get count(): number {
    return this.sink.length;
  }
}

function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
