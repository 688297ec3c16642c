/**
 * Builds regex sources from lists, so that rule tables can hold one term per line. Both helpers only join
 * strings: `new RegExp(oneOf(['a', 'b']))` is `/(?:a|b)/`, and a rule rebuilt from pieces has exactly the
 * source it had when it was written on one line. Pure.
 */

/** `(?:a|b|c)`: the terms as one non-capturing group, to be followed by more pattern. */
export const oneOf = (terms: readonly string[]): string => `(?:${terms.join('|')})`;

/** `a|b|c`: the branches of a whole pattern (or of a lookaround), without a group around them. */
export const anyOf = (branches: readonly string[]): string => branches.join('|');
