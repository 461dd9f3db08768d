// fnmatch(3) as glibc 2.36's posix/fnmatch_loop.c behaves in the "C" and C.UTF-8 locales:
// FNM_PATHNAME, FNM_NOESCAPE, FNM_PERIOD, FNM_LEADING_DIR, FNM_CASEFOLD and FNM_EXTMATCH
// (?(…) *(…) +(…) @(…) !(…)); brackets with ranges, [:class:], [=c=] and [.c.] (these locales
// have no collation rules: an equivalence class or collating symbol is the character itself and
// ranges compare character values); an unterminated '[' is an ordinary character; '^' negates
// like '!' (glibc does so unless POSIXLY_CORRECT is set). Written from the algorithm's
// description, on arrays of characters: bytes in "C", code points in UTF-8 (glibc converts both
// strings with mbsrtowcs there and fails with -1 on an invalid sequence).
//
// The '*' search follows glibc's: a '*' scans for the first position where the pattern up to
// the next '*' matches, and continues from there without trying later positions — the `ends`
// record — which gives the same answers as full backtracking for these patterns.

export const FNM_PATHNAME = 1;
export const FNM_NOESCAPE = 2;
export const FNM_PERIOD = 4;
export const FNM_LEADING_DIR = 8;
export const FNM_CASEFOLD = 16;
export const FNM_EXTMATCH = 32;
export const FNM_NOMATCH = 1;

/** Longest [:class:] name glibc accepts. */
const CHAR_CLASS_MAX_LENGTH = 256;

const SLASH = 0x2f;
const PERIOD = 0x2e;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const BAR = 0x7c;
const PLUS = 0x2b;
const AT = 0x40;
const BANG = 0x21;
const CARET = 0x5e;
const COLON = 0x3a;
const EQUALS = 0x3d;
const DASH = 0x2d;

/** What the locale contributes: case folding and character classes. */
export interface FnmatchLocale {
  toLower(c: number): number;
  /** Whether `name` is a class wctype knows. */
  isClassName(name: string): boolean;
  inClass(name: string, c: number): boolean;
}

/** Where a '*'-bounded piece of the pattern stopped (glibc's struct STRUCT). */
interface Ends {
  pattern: Int32Array | null;
  patternAt: number;
  stringAt: number;
  noLeadingPeriod: boolean;
}

class Matcher {
  constructor(
    readonly s: Int32Array,
    readonly locale: FnmatchLocale,
  ) {}

  private fold(c: number, flags: number): number {
    return flags & FNM_CASEFOLD ? this.locale.toLower(c) : c;
  }

  private static noLeadingPeriodFlags(flags: number): boolean {
    return (flags & (FNM_PATHNAME | FNM_PERIOD)) === (FNM_PATHNAME | FNM_PERIOD);
  }

  /** Matches pattern p (NUL-terminated) from pi against s[si, end). 0, FNM_NOMATCH or -1. */
  match(
    p: Int32Array,
    pi: number,
    si: number,
    end: number,
    noLeadingPeriod: boolean,
    flags: number,
    ends: Ends | null,
  ): number {
    const s = this.s;
    let n = si;
    for (;;) {
      let c = p[pi++]!;
      if (c === 0) break;
      let newNoLeadingPeriod = false;
      c = this.fold(c, flags);
      let normal = false;
      switch (c) {
        case QUESTION: {
          if (flags & FNM_EXTMATCH && p[pi] === OPEN_PAREN) {
            const result = this.extended(c, p, pi, n, end, noLeadingPeriod, flags);
            if (result !== -1) return result;
          }
          if (n === end) return FNM_NOMATCH;
          if (s[n] === SLASH && flags & FNM_PATHNAME) return FNM_NOMATCH;
          if (s[n] === PERIOD && noLeadingPeriod) return FNM_NOMATCH;
          break;
        }
        case BACKSLASH: {
          if (!(flags & FNM_NOESCAPE)) {
            c = p[pi++]!;
            if (c === 0) return FNM_NOMATCH;
            c = this.fold(c, flags);
          }
          if (n === end || this.fold(s[n]!, flags) !== c) return FNM_NOMATCH;
          break;
        }
        case STAR:
          return this.star(p, pi, n, end, noLeadingPeriod, flags, ends);
        case OPEN_BRACKET: {
          const result = this.bracket(p, pi, n, end, noLeadingPeriod, flags);
          if (result === -2) {
            // Unterminated '[': an ordinary character.
            normal = true;
            break;
          }
          if (result < 0) return FNM_NOMATCH;
          pi = result;
          break;
        }
        case PLUS:
        case AT:
        case BANG:
          if (flags & FNM_EXTMATCH && p[pi] === OPEN_PAREN) {
            const result = this.extended(c, p, pi, n, end, noLeadingPeriod, flags);
            if (result !== -1) return result;
          }
          normal = true;
          break;
        case SLASH:
          if (Matcher.noLeadingPeriodFlags(flags)) {
            if (n === end || c !== s[n]) return FNM_NOMATCH;
            newNoLeadingPeriod = true;
            break;
          }
          normal = true;
          break;
        default:
          normal = true;
      }
      if (normal && (n === end || c !== this.fold(s[n]!, flags))) return FNM_NOMATCH;
      noLeadingPeriod = newNoLeadingPeriod;
      n++;
    }
    if (n === end) return 0;
    if (flags & FNM_LEADING_DIR && s[n] === SLASH) return 0;
    return FNM_NOMATCH;
  }

  /** A '*' at p[pi - 1]: the rest of the pattern from there matched against s[n, end). */
  private star(
    p: Int32Array,
    pi: number,
    n: number,
    end: number,
    noLeadingPeriod: boolean,
    flags: number,
    ends: Ends | null,
  ): number {
    const s = this.s;
    if (flags & FNM_EXTMATCH && p[pi] === OPEN_PAREN) {
      const result = this.extended(STAR, p, pi, n, end, noLeadingPeriod, flags);
      if (result !== -1) return result;
    } else if (ends !== null) {
      ends.pattern = p;
      ends.patternAt = pi - 1;
      ends.stringAt = n;
      ends.noLeadingPeriod = noLeadingPeriod;
      return 0;
    }
    if (n !== end && s[n] === PERIOD && noLeadingPeriod) return FNM_NOMATCH;
    let c: number;
    for (c = p[pi++]!; c === QUESTION || c === STAR; c = p[pi++]!) {
      if (p[pi] === OPEN_PAREN && flags & FNM_EXTMATCH) {
        const after = endOfGroup(p, pi);
        if (after !== pi) {
          pi = after;
          continue;
        }
      }
      if (c === QUESTION) {
        if (n === end) return FNM_NOMATCH;
        if (s[n] === SLASH && flags & FNM_PATHNAME) return FNM_NOMATCH;
        n++;
      }
    }
    if (c === 0) {
      if (!(flags & FNM_PATHNAME)) return 0;
      if (flags & FNM_LEADING_DIR) return 0;
      return s.subarray(n, end).includes(SLASH) ? FNM_NOMATCH : 0;
    }
    let stop = end;
    if (flags & FNM_PATHNAME) {
      const slash = s.subarray(n, end).indexOf(SLASH);
      if (slash >= 0) stop = n + slash;
    }
    const found: Ends = { pattern: null, patternAt: 0, stringAt: 0, noLeadingPeriod: false };
    const innerFlags = flags & FNM_PATHNAME ? flags : flags & ~FNM_PERIOD;
    if (
      c === OPEN_BRACKET ||
      (flags & FNM_EXTMATCH && (c === AT || c === PLUS || c === BANG) && p[pi] === OPEN_PAREN)
    ) {
      pi--;
      for (; n < stop; n++, noLeadingPeriod = false) {
        if (this.match(p, pi, n, end, noLeadingPeriod, innerFlags, found) === 0) {
          if (found.pattern === null) return 0;
          break;
        }
      }
    } else if (c === SLASH && flags & FNM_PATHNAME) {
      while (n < end && s[n] !== SLASH) n++;
      if (n < end && s[n] === SLASH && this.match(p, pi, n + 1, end, (flags & FNM_PERIOD) !== 0, flags, null) === 0)
        return 0;
      return FNM_NOMATCH;
    } else {
      if (c === BACKSLASH && !(flags & FNM_NOESCAPE)) c = p[pi]!;
      c = this.fold(c, flags);
      pi--;
      for (; n < stop; n++, noLeadingPeriod = false) {
        if (this.fold(s[n]!, flags) === c && this.match(p, pi, n, end, noLeadingPeriod, innerFlags, found) === 0) {
          if (found.pattern === null) return 0;
          break;
        }
      }
    }
    if (found.pattern === null) return FNM_NOMATCH;
    // The piece up to the next '*' matched: continue with that '*' where it stopped.
    return this.match(found.pattern, found.patternAt, found.stringAt, end, found.noLeadingPeriod, flags, ends);
  }

  /**
   * A bracket expression whose '[' is at p[pi - 1], against s[n]: the pattern index after it
   * when it matches, -1 when not, -2 when the bracket is unterminated (then '[' is literal).
   */
  private bracket(p: Int32Array, pi: number, n: number, end: number, noLeadingPeriod: boolean, flags: number): number {
    const s = this.s;
    if (n === end) return -1;
    if (s[n] === PERIOD && noLeadingPeriod) return -1;
    if (s[n] === SLASH && flags & FNM_PATHNAME) return -1;
    const negated = p[pi] === BANG || p[pi] === CARET;
    if (negated) pi++;
    const fn = this.fold(s[n]!, flags);
    let c = p[pi++]!;
    let matched = false;
    for (;;) {
      let low: number;
      let single = true;
      if (!(flags & FNM_NOESCAPE) && c === BACKSLASH) {
        if (p[pi] === 0) return -1;
        c = this.fold(p[pi]!, flags);
        pi++;
        low = c;
      } else if (c === OPEN_BRACKET && p[pi] === COLON) {
        const classStart = pi;
        let name = '';
        let isClass = true;
        for (;;) {
          if (name.length === CHAR_CLASS_MAX_LENGTH) return -1;
          c = p[++pi]!;
          if (c === COLON && p[pi + 1] === CLOSE_BRACKET) {
            pi += 2;
            break;
          }
          // glibc's test: only 'a'…'y' can be in a class name ('z' sends it back as a range).
          if (c < 0x61 || c >= 0x7a) {
            pi = classStart;
            isClass = false;
            break;
          }
          name += String.fromCharCode(c);
        }
        if (isClass) {
          if (!this.locale.isClassName(name)) return -1;
          if (this.locale.inClass(name, s[n]!)) {
            matched = true;
            break;
          }
          c = p[pi++]!;
          if (c === 0) return -2;
          if (c === CLOSE_BRACKET) break;
          continue;
        }
        c = OPEN_BRACKET;
        low = c;
      } else if (c === OPEN_BRACKET && p[pi] === EQUALS) {
        const symbolStart = pi;
        c = p[++pi]!;
        if (c === 0 || p[pi + 1] !== EQUALS || p[pi + 2] !== CLOSE_BRACKET) {
          pi = symbolStart;
          c = OPEN_BRACKET;
          low = this.fold(c, flags);
        } else {
          pi += 3;
          if (s[n] === c) {
            matched = true;
            break;
          }
          c = p[pi++]!;
          if (c === 0) return -2;
          if (c === CLOSE_BRACKET) break;
          continue;
        }
      } else if (c === 0) {
        return -2;
      } else if (c === OPEN_BRACKET && p[pi] === PERIOD) {
        const after = collatingSymbolEnd(p, pi);
        if (after < 0) return -1;
        low = p[pi + 1]!;
        pi = after;
        const isRange = p[pi] === DASH && p[pi + 1] !== 0;
        if (!isRange && s[n] === low) {
          matched = true;
          break;
        }
        single = false;
      } else {
        c = this.fold(c, flags);
        low = c;
      }
      if (single) {
        const isRange = p[pi] === DASH && p[pi + 1] !== 0 && p[pi + 1] !== CLOSE_BRACKET;
        if (!isRange && low === fn) {
          matched = true;
          break;
        }
      }
      c = p[pi++]!;
      if (c === DASH && p[pi] !== CLOSE_BRACKET) {
        let high = p[pi++]!;
        if (high === OPEN_BRACKET && p[pi] === PERIOD) {
          const after = collatingSymbolEnd(p, pi);
          if (after < 0) return -1;
          high = p[pi + 1]!;
          pi = after;
        } else {
          if (!(flags & FNM_NOESCAPE) && high === BACKSLASH) high = p[pi++]!;
          if (high === 0) return -1;
          high = this.fold(high, flags);
        }
        if (low <= fn && fn <= high) {
          matched = true;
          break;
        }
        c = p[pi++]!;
      }
      if (c === CLOSE_BRACKET) break;
      if (c === 0) return -2;
    }
    if (!matched) return negated ? pi : -1;
    // Skip the rest of the bracket that already matched.
    for (;;) {
      c = p[pi++]!;
      if (c === CLOSE_BRACKET) break;
      if (c === 0) return -2;
      if (!(flags & FNM_NOESCAPE) && c === BACKSLASH) {
        if (p[pi] === 0) return -1;
        pi++;
      } else if (c === OPEN_BRACKET && p[pi] === COLON) {
        const classStart = pi;
        let length = 0;
        for (;;) {
          c = p[++pi]!;
          if (++length === CHAR_CLASS_MAX_LENGTH) return -1;
          if (p[pi] === COLON && p[pi + 1] === CLOSE_BRACKET) break;
          if (c < 0x61 || c >= 0x7a) {
            pi = classStart - 2;
            break;
          }
        }
        pi += 2;
      } else if (c === OPEN_BRACKET && p[pi] === EQUALS) {
        c = p[++pi]!;
        if (c === 0) return -1;
        c = p[++pi]!;
        if (c !== EQUALS || p[pi + 1] !== CLOSE_BRACKET) return -1;
        pi += 2;
      } else if (c === OPEN_BRACKET && p[pi] === PERIOD) {
        for (;;) {
          c = p[++pi]!;
          if (c === 0) return -1;
          if (c === PERIOD && p[pi + 1] === CLOSE_BRACKET) break;
        }
        pi += 2;
      }
    }
    return negated ? -1 : pi;
  }

  /**
   * An extended group: `kind` (? * + @ !) with its '(' at p[pi]. The result, or -1 when the
   * group is malformed (then glibc matches the characters as ordinary ones).
   */
  private extended(
    kind: number,
    p: Int32Array,
    pi: number,
    n: number,
    end: number,
    noLeadingPeriod: boolean,
    flags: number,
  ): number {
    const alternatives: Int32Array[] = [];
    let level = 0;
    let start = pi + 1;
    let at = pi + 1;
    for (; level >= 0; at++) {
      const c = p[at]!;
      if (c === 0) return -1;
      if (c === OPEN_BRACKET) {
        at++;
        if (p[at] === BANG || p[at] === CARET) at++;
        if (p[at] === CLOSE_BRACKET) at++;
        while (p[at] !== CLOSE_BRACKET) if (p[at++] === 0) return -1;
      } else if ((c === QUESTION || c === STAR || c === PLUS || c === AT || c === BANG) && p[at + 1] === OPEN_PAREN) {
        level++;
      } else if (c === CLOSE_PAREN || c === BAR) {
        if (level === 0) {
          alternatives.push(terminated(p.subarray(start, at)));
          if (c === BAR) start = at + 1;
        }
        if (c === CLOSE_PAREN) level--;
      }
    }
    // `at` is just after the group's ')': the rest of the pattern.
    const rest = at;
    const s = this.s;
    const innerFlags = flags & FNM_PATHNAME ? flags : flags & ~FNM_PERIOD;
    const periodAfter = (rs: number) =>
      rs === n ? noLeadingPeriod : s[rs - 1] === SLASH && Matcher.noLeadingPeriodFlags(flags);
    switch (kind) {
      case STAR:
      case PLUS:
        if (kind === STAR && this.match(p, rest, n, end, noLeadingPeriod, flags, null) === 0) return 0;
        for (const alternative of alternatives) {
          for (let rs = n; rs <= end; rs++) {
            if (
              this.match(alternative, 0, n, rs, noLeadingPeriod, innerFlags, null) === 0 &&
              (this.match(p, rest, rs, end, periodAfter(rs), innerFlags, null) === 0 ||
                (rs !== n && this.match(p, pi - 1, rs, end, periodAfter(rs), innerFlags, null) === 0))
            )
              return 0;
          }
        }
        return FNM_NOMATCH;
      case QUESTION:
      case AT:
        if (kind === QUESTION && this.match(p, rest, n, end, noLeadingPeriod, flags, null) === 0) return 0;
        for (const alternative of alternatives) {
          const joined = concatenate(alternative, p.subarray(rest));
          if (this.match(joined, 0, n, end, noLeadingPeriod, innerFlags, null) === 0) return 0;
        }
        return FNM_NOMATCH;
      default: {
        // '!': some split where no alternative matches the first part and the rest matches.
        for (let rs = n; rs <= end; rs++) {
          let any = false;
          for (const alternative of alternatives) {
            if (this.match(alternative, 0, n, rs, noLeadingPeriod, innerFlags, null) === 0) {
              any = true;
              break;
            }
          }
          if (!any && this.match(p, rest, rs, end, periodAfter(rs), innerFlags, null) === 0) return 0;
        }
        return FNM_NOMATCH;
      }
    }
  }
}

/**
 * A collating symbol "[.c.]" whose '.' is at p[pi]: the index after its ']', or -1 when it is
 * unterminated or names more than one character (without collation rules only one-character
 * names exist). The character is p[pi + 1].
 */
function collatingSymbolEnd(p: Int32Array, pi: number): number {
  let at = pi;
  let length = 0;
  for (;;) {
    const c = p[++at]!;
    if (c === PERIOD && p[at + 1] === CLOSE_BRACKET) break;
    if (c === 0) return -1;
    length++;
  }
  return length === 1 ? at + 2 : -1;
}

/** A copy of `part` with a terminating 0. */
function terminated(part: Int32Array): Int32Array {
  const copy = new Int32Array(part.length + 1);
  copy.set(part);
  return copy;
}

/** `first` (0-terminated) followed by `second` (which includes its own terminating 0). */
function concatenate(first: Int32Array, second: Int32Array): Int32Array {
  const joined = new Int32Array(first.length - 1 + second.length);
  joined.set(first.subarray(0, first.length - 1));
  joined.set(second, first.length - 1);
  return joined;
}

/** glibc's END: the index after the group whose '(' is at p[pi], or pi when it is malformed. */
function endOfGroup(p: Int32Array, pi: number): number {
  let at = pi;
  for (;;) {
    const c = p[++at]!;
    if (c === 0) return pi;
    if (c === OPEN_BRACKET) {
      at++;
      if (p[at] === BANG || p[at] === CARET) at++;
      if (p[at] === CLOSE_BRACKET) at++;
      while (p[at] !== CLOSE_BRACKET) if (p[at++] === 0) return pi;
    } else if ((c === QUESTION || c === STAR || c === PLUS || c === AT || c === BANG) && p[at + 1] === OPEN_PAREN) {
      at = endOfGroup(p, at + 1);
      if (p[at] === 0) return pi;
    } else if (c === CLOSE_PAREN) {
      return at + 1;
    }
  }
}

/**
 * fnmatch over decoded characters: `pattern` 0-terminated, `string` without its terminator.
 * Returns 0 (match), FNM_NOMATCH, or -1 (malformed extended pattern in glibc's sense).
 */
export function fnmatchCharacters(
  pattern: Int32Array,
  string: Int32Array,
  flags: number,
  locale: FnmatchLocale,
): number {
  const matcher = new Matcher(string, locale);
  return matcher.match(pattern, 0, 0, string.length, (flags & FNM_PERIOD) !== 0, flags, null);
}
