import { formatPath } from './errors';

/** What a message needs of a zod issue (structural, so that this module loads no zod). */
export interface IssueLike {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

export interface IssueFormat {
  /** Name of the input (a file, "stdin", "config file crl.json"). */
  source?: string;
  /** 1-based line of a line-by-line input: the message starts `<source> line N: ` (or `line N: `). */
  line?: number;
  /**
   * `inline` (default): every issue as `field: message`, joined by "; ".
   * `first`: the first issue only, as `field "<field>": message` (readers that stop at the first bad line).
   * `list`: `Invalid <source>:` and then one indented `  field: message` line per issue (config files).
   */
  layout?: 'inline' | 'first' | 'list';
}

/** Where the input is: `<source> line N`, `line N`, `<source>`, or undefined. */
function whereOf(o: IssueFormat): string | undefined {
  if (o.line !== undefined) return o.source ? `${o.source} line ${o.line}` : `line ${o.line}`;
  return o.source;
}

/**
 * The one formatter from zod issues to a message: each issue names its field (`a.b[2].c`, `(root)` for the
 * value itself, see `formatPath`), prefixed by the line and source when given.
 */
export function formatZodIssues(issues: ReadonlyArray<IssueLike>, o: IssueFormat = {}): string {
  const where = whereOf(o);
  switch (o.layout ?? 'inline') {
    case 'list':
      return `Invalid ${where ?? 'input'}:\n${issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n')}`;
    case 'first': {
      const i = issues[0];
      const text = i ? `field "${formatPath(i.path)}": ${i.message}` : 'invalid value';
      return where ? `${where}: ${text}` : text;
    }
    default: {
      const text = issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
      return where ? `${where}: ${text}` : text;
    }
  }
}
