// The POSIX regular-expression compiler's front half, as glibc 2.36's posix/regcomp.c parses:
// tokens by syntax bits (RE_SYNTAX_POSIX_BASIC for BRE, RE_SYNTAX_POSIX_EXTENDED for ERE, with the
// GNU operators \w \W \s \S \b \B \< \> \` \' and back-references in both), the context rules for
// ^ $ * and intervals, bracket expressions in the C locale, and the error each malformed pattern
// gets. The tree has glibc's shape — intervals unrolled into copies, optional copies of a group
// marked (opt_subexp), \b and \B as alternations of two anchors — because the matcher's choices
// follow the node numbering that shape produces. Bytes only: the C/POSIX locale's rules.

/** regcomp's error codes (regex.h). */
export const enum RegexError {
  NOERROR = 0,
  NOMATCH = 1,
  BADPAT = 2,
  ECOLLATE = 3,
  ECTYPE = 4,
  EESCAPE = 5,
  ESUBREG = 6,
  EBRACK = 7,
  EPAREN = 8,
  EBRACE = 9,
  BADBR = 10,
  ERANGE = 11,
  ESPACE = 12,
  BADRPT = 13,
  EEND = 14,
  ESIZE = 15,
  ERPAREN = 16,
}

/** A compile error carrying its code. */
export class RegexSyntaxError extends Error {
  constructor(readonly code: RegexError) {
    super(`regex error ${code}`);
  }
}

// Syntax bits (regex.h).
export const RE_BACKSLASH_ESCAPE_IN_LISTS = 0x1;
export const RE_BK_PLUS_QM = 0x2;
export const RE_CHAR_CLASSES = 0x4;
export const RE_CONTEXT_INDEP_ANCHORS = 0x8;
export const RE_CONTEXT_INDEP_OPS = 0x10;
export const RE_CONTEXT_INVALID_OPS = 0x20;
export const RE_DOT_NEWLINE = 0x40;
export const RE_DOT_NOT_NULL = 0x80;
export const RE_HAT_LISTS_NOT_NEWLINE = 0x100;
export const RE_INTERVALS = 0x200;
const RE_LIMITED_OPS = 0x400;
const RE_NEWLINE_ALT = 0x800;
export const RE_NO_BK_BRACES = 0x1000;
export const RE_NO_BK_PARENS = 0x2000;
const RE_NO_BK_REFS = 0x4000;
export const RE_NO_BK_VBAR = 0x8000;
export const RE_NO_EMPTY_RANGES = 0x10000;
export const RE_UNMATCHED_RIGHT_PAREN_ORD = 0x20000;
const RE_NO_GNU_OPS = 0x80000;
export const RE_INVALID_INTERVAL_ORD = 0x200000;
export const RE_ICASE = 0x400000;
const RE_CARET_ANCHORS_HERE = 0x800000;
export const RE_CONTEXT_INVALID_DUP = 0x1000000;
const RE_DUP_MAX = 0x7fff;

// Anchor constraints (glibc's regex_internal.h).
export const PREV_WORD = 0x1;
export const PREV_NOTWORD = 0x2;
export const NEXT_WORD = 0x4;
export const NEXT_NOTWORD = 0x8;
export const PREV_NEWLINE = 0x10;
export const NEXT_NEWLINE = 0x20;
export const PREV_BEGBUF = 0x40;
export const NEXT_ENDBUF = 0x80;
const WORD_DELIM = 0x100;
const NOT_WORD_DELIM = 0x200;
const INSIDE_WORD = PREV_WORD | NEXT_WORD;
const WORD_FIRST = PREV_NOTWORD | NEXT_WORD;
const WORD_LAST = PREV_WORD | NEXT_NOTWORD;
const INSIDE_NOTWORD = PREV_NOTWORD | NEXT_NOTWORD;
const LINE_FIRST = PREV_NEWLINE;
const LINE_LAST = NEXT_NEWLINE;
const BUF_FIRST = PREV_BEGBUF;
const BUF_LAST = NEXT_ENDBUF;

const enum Tok {
  CHARACTER,
  END_OF_RE,
  BACK_SLASH,
  OP_ALT,
  OP_DUP_ASTERISK,
  OP_DUP_PLUS,
  OP_DUP_QUESTION,
  OP_OPEN_DUP_NUM,
  OP_CLOSE_DUP_NUM,
  OP_OPEN_SUBEXP,
  OP_CLOSE_SUBEXP,
  OP_OPEN_BRACKET,
  OP_PERIOD,
  ANCHOR,
  OP_BACK_REF,
  OP_WORD,
  OP_NOTWORD,
  OP_SPACE,
  OP_NOTSPACE,
  // Inside brackets.
  OP_CLOSE_BRACKET,
  OP_CHARSET_RANGE,
  OP_NON_MATCH_LIST,
  OP_OPEN_COLL_ELEM,
  OP_OPEN_EQUIV_CLASS,
  OP_OPEN_CHAR_CLASS,
}

/** A token's type read afresh (the parser's methods refill tokens in place). */
function tokenType(token: Token): Tok {
  return token.type;
}

interface Token {
  type: Tok;
  /** The character (CHARACTER, bracket tokens), the anchor's constraint, or the back-reference's group (0-based). */
  value: number;
}

/** The tree's node kinds (glibc's token types that survive parsing). */
export const enum Kind {
  CHARACTER,
  SIMPLE_BRACKET,
  OP_PERIOD,
  ANCHOR,
  OP_BACK_REF,
  SUBEXP,
  CONCAT,
  OP_ALT,
  OP_DUP_ASTERISK,
  END_OF_RE,
  OP_OPEN_SUBEXP,
  OP_CLOSE_SUBEXP,
}

export interface TreeNode {
  kind: Kind;
  left: TreeNode | null;
  right: TreeNode | null;
  /** CHARACTER: the byte; ANCHOR: the constraint; SUBEXP/OP_BACK_REF/OPEN/CLOSE: the group (0-based). */
  value: number;
  /** SIMPLE_BRACKET: the 256 bytes it accepts. */
  set: Uint8Array | null;
  /** A copy of a group inside an optional repetition. */
  optSubexp: boolean;
}

function node(
  kind: Kind,
  left: TreeNode | null,
  right: TreeNode | null,
  value = 0,
  set: Uint8Array | null = null,
): TreeNode {
  return { kind, left, right, value, set, optSubexp: false };
}

/** duplicate_tree: a copy whose groups are not optional (glibc's create_token_tree clears the mark). */
function duplicate(tree: TreeNode | null): TreeNode | null {
  if (tree === null) return null;
  return {
    kind: tree.kind,
    left: duplicate(tree.left),
    right: duplicate(tree.right),
    value: tree.value,
    set: tree.set,
    optSubexp: false,
  };
}

// The C locale's classes.
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => isUpper(c) || isLower(c);
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isPrint = (c: number) => c >= 0x20 && c <= 0x7e;
const isGraph = (c: number) => c > 0x20 && c <= 0x7e;
const CHARACTER_CLASSES: Readonly<Record<string, (c: number) => boolean>> = {
  alpha: isAlpha,
  upper: isUpper,
  lower: isLower,
  digit: isDigit,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
  space: isSpace,
  print: isPrint,
  punct: (c) => isGraph(c) && !isAlnum(c),
  graph: isGraph,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  blank: (c) => c === 0x20 || c === 0x09,
  alnum: isAlnum,
};

/** The bytes glibc's word operators and contexts count as word characters (alnum and '_'). */
export function isWordByte(c: number): boolean {
  return isAlnum(c) || c === 0x5f;
}

/** toupper in the C locale: REG_ICASE folds the pattern and the subject to upper case. */
export function upperByte(c: number): number {
  return isLower(c) ? c - 0x20 : c;
}

const BRACKET_NAME_MAX = 32;

export interface ParsedPattern {
  tree: TreeNode;
  groups: number;
  backReferences: number;
}

/** Parses `raw` (the pattern's bytes) under `syntax`; throws RegexSyntaxError. */
/**
 * Parses `raw` under `syntax`. With a translate table (the GNU API's re_pattern_buffer.translate)
 * the pattern is read translated, then upper-cased under RE_ICASE, as glibc's re_string builds
 * it; an escaped byte is read as written, as glibc's peek_byte_case does.
 */
export function parsePattern(raw: Uint8Array, syntax: number, translate?: Uint8Array): ParsedPattern {
  return new Parser(raw, syntax, translate).parse();
}

class Parser {
  /** The pattern as the parser reads it: upper-cased under RE_ICASE (escaped letters excepted, below). */
  private readonly text: Uint8Array;
  private position = 0;
  private groups = 0;
  private backReferences = 0;
  /** Groups closed so far in the current alternative's scope (glibc's completed_bkref_map). */
  private completedGroups = 0;

  constructor(
    private readonly raw: Uint8Array,
    private readonly syntax: number,
    translate?: Uint8Array,
  ) {
    const translated = translate !== undefined ? raw.map((c) => translate[c]!) : raw;
    this.text = (syntax & RE_ICASE) !== 0 ? translated.map(upperByte) : translated;
  }

  parse(): ParsedPattern {
    const token = this.fetch(this.syntax | RE_CARET_ANCHORS_HERE);
    const tree = this.parseRegExp(token, 0);
    const end = node(Kind.END_OF_RE, null, null);
    const root = tree === null ? end : node(Kind.CONCAT, tree, end);
    return { tree: root, groups: this.groups, backReferences: this.backReferences };
  }

  private byteAt(offset: number): number {
    return this.text[this.position + offset]!;
  }

  private atEnd(offset = 0): boolean {
    return this.position + offset >= this.text.length;
  }

  /** peek_token: the token at the current position and its length. */
  private peek(syntax: number): [Token, number] {
    if (this.atEnd()) return [{ type: Tok.END_OF_RE, value: 0 }, 0];
    const c = this.byteAt(0);
    const token: Token = { type: Tok.CHARACTER, value: c };
    if (c === 0x5c) {
      if (this.atEnd(1)) return [{ type: Tok.BACK_SLASH, value: c }, 1];
      // The escaped byte as written (glibc's peek_byte_case), not case-folded.
      const c2 = this.raw[this.position + 1]!;
      token.value = c2;
      const gnu = (syntax & RE_NO_GNU_OPS) === 0;
      switch (c2) {
        case 0x7c: // |
          if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_NO_BK_VBAR) === 0) token.type = Tok.OP_ALT;
          break;
        case 0x31:
        case 0x32:
        case 0x33:
        case 0x34:
        case 0x35:
        case 0x36:
        case 0x37:
        case 0x38:
        case 0x39:
          if ((syntax & RE_NO_BK_REFS) === 0) {
            token.type = Tok.OP_BACK_REF;
            token.value = c2 - 0x31;
          }
          break;
        case 0x3c: // <
          if (gnu) this.anchor(token, WORD_FIRST);
          break;
        case 0x3e: // >
          if (gnu) this.anchor(token, WORD_LAST);
          break;
        case 0x62: // b
          if (gnu) this.anchor(token, WORD_DELIM);
          break;
        case 0x42: // B
          if (gnu) this.anchor(token, NOT_WORD_DELIM);
          break;
        case 0x77: // w
          if (gnu) token.type = Tok.OP_WORD;
          break;
        case 0x57: // W
          if (gnu) token.type = Tok.OP_NOTWORD;
          break;
        case 0x73: // s
          if (gnu) token.type = Tok.OP_SPACE;
          break;
        case 0x53: // S
          if (gnu) token.type = Tok.OP_NOTSPACE;
          break;
        case 0x60: // `
          if (gnu) this.anchor(token, BUF_FIRST);
          break;
        case 0x27: // '
          if (gnu) this.anchor(token, BUF_LAST);
          break;
        case 0x28:
          if ((syntax & RE_NO_BK_PARENS) === 0) token.type = Tok.OP_OPEN_SUBEXP;
          break;
        case 0x29:
          if ((syntax & RE_NO_BK_PARENS) === 0) token.type = Tok.OP_CLOSE_SUBEXP;
          break;
        case 0x2b:
          if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_BK_PLUS_QM) !== 0) token.type = Tok.OP_DUP_PLUS;
          break;
        case 0x3f:
          if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_BK_PLUS_QM) !== 0) token.type = Tok.OP_DUP_QUESTION;
          break;
        case 0x7b:
          if ((syntax & RE_INTERVALS) !== 0 && (syntax & RE_NO_BK_BRACES) === 0) token.type = Tok.OP_OPEN_DUP_NUM;
          break;
        case 0x7d:
          if ((syntax & RE_INTERVALS) !== 0 && (syntax & RE_NO_BK_BRACES) === 0) token.type = Tok.OP_CLOSE_DUP_NUM;
          break;
      }
      return [token, 2];
    }
    switch (c) {
      case 0x0a:
        if ((syntax & RE_NEWLINE_ALT) !== 0) token.type = Tok.OP_ALT;
        break;
      case 0x7c:
        if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_NO_BK_VBAR) !== 0) token.type = Tok.OP_ALT;
        break;
      case 0x2a:
        token.type = Tok.OP_DUP_ASTERISK;
        break;
      case 0x2b:
        if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_BK_PLUS_QM) === 0) token.type = Tok.OP_DUP_PLUS;
        break;
      case 0x3f:
        if ((syntax & RE_LIMITED_OPS) === 0 && (syntax & RE_BK_PLUS_QM) === 0) token.type = Tok.OP_DUP_QUESTION;
        break;
      case 0x7b:
        if ((syntax & RE_INTERVALS) !== 0 && (syntax & RE_NO_BK_BRACES) !== 0) token.type = Tok.OP_OPEN_DUP_NUM;
        break;
      case 0x7d:
        if ((syntax & RE_INTERVALS) !== 0 && (syntax & RE_NO_BK_BRACES) !== 0) token.type = Tok.OP_CLOSE_DUP_NUM;
        break;
      case 0x28:
        if ((syntax & RE_NO_BK_PARENS) !== 0) token.type = Tok.OP_OPEN_SUBEXP;
        break;
      case 0x29:
        if ((syntax & RE_NO_BK_PARENS) !== 0) token.type = Tok.OP_CLOSE_SUBEXP;
        break;
      case 0x5b:
        token.type = Tok.OP_OPEN_BRACKET;
        break;
      case 0x2e:
        token.type = Tok.OP_PERIOD;
        break;
      case 0x5e:
        // In BRE, ^ anchors only at the start, after \( and after \| (RE_CARET_ANCHORS_HERE).
        if ((syntax & (RE_CONTEXT_INDEP_ANCHORS | RE_CARET_ANCHORS_HERE)) === 0 && this.position !== 0) {
          const previous = this.byteAt(-1);
          if ((syntax & RE_NEWLINE_ALT) === 0 || previous !== 0x0a) break;
        }
        this.anchor(token, LINE_FIRST);
        break;
      case 0x24:
        // In BRE, $ anchors only at the end and before \| or \).
        if ((syntax & RE_CONTEXT_INDEP_ANCHORS) === 0 && this.position + 1 !== this.text.length) {
          this.position++;
          const [next] = this.peek(syntax);
          this.position--;
          if (next.type !== Tok.OP_ALT && next.type !== Tok.OP_CLOSE_SUBEXP) break;
        }
        this.anchor(token, LINE_LAST);
        break;
    }
    return [token, 1];
  }

  private anchor(token: Token, constraint: number): void {
    token.type = Tok.ANCHOR;
    token.value = constraint;
  }

  private fetch(syntax: number): Token {
    const [token, length] = this.peek(syntax);
    this.position += length;
    return token;
  }

  /** parse_reg_exp: branches separated by |; an empty branch is allowed. */
  private parseRegExp(token: Token, nest: number): TreeNode | null {
    const initialCompleted = this.completedGroups;
    let tree = this.parseBranch(token, nest);
    while (token.type === Tok.OP_ALT) {
      Object.assign(token, this.fetch(this.syntax | RE_CARET_ANCHORS_HERE));
      let branch: TreeNode | null = null;
      if (
        token.type !== Tok.OP_ALT &&
        token.type !== Tok.END_OF_RE &&
        (nest === 0 || token.type !== Tok.OP_CLOSE_SUBEXP)
      ) {
        const accumulated = this.completedGroups;
        this.completedGroups = initialCompleted;
        branch = this.parseBranch(token, nest);
        this.completedGroups |= accumulated;
      }
      tree = node(Kind.OP_ALT, tree, branch);
    }
    return tree;
  }

  private parseBranch(token: Token, nest: number): TreeNode | null {
    let tree = this.parseExpression(token, nest);
    while (
      token.type !== Tok.OP_ALT &&
      token.type !== Tok.END_OF_RE &&
      (nest === 0 || token.type !== Tok.OP_CLOSE_SUBEXP)
    ) {
      const expression = this.parseExpression(token, nest);
      if (tree !== null && expression !== null) tree = node(Kind.CONCAT, tree, expression);
      else if (tree === null) tree = expression;
    }
    return tree;
  }

  private parseExpression(token: Token, nest: number): TreeNode | null {
    const syntax = this.syntax;
    let tree: TreeNode | null;
    switch (token.type) {
      case Tok.CHARACTER:
        tree = node(Kind.CHARACTER, null, null, token.value);
        break;
      case Tok.OP_OPEN_SUBEXP:
        tree = this.parseSubexpression(token, nest + 1);
        break;
      case Tok.OP_OPEN_BRACKET:
        tree = this.parseBracket();
        break;
      case Tok.OP_BACK_REF:
        if ((this.completedGroups & (1 << token.value)) === 0) throw new RegexSyntaxError(RegexError.ESUBREG);
        tree = node(Kind.OP_BACK_REF, null, null, token.value);
        this.backReferences++;
        break;
      case Tok.OP_OPEN_DUP_NUM:
      case Tok.OP_DUP_ASTERISK:
      case Tok.OP_DUP_PLUS:
      case Tok.OP_DUP_QUESTION:
        if (token.type === Tok.OP_OPEN_DUP_NUM && (syntax & RE_CONTEXT_INVALID_DUP) !== 0)
          throw new RegexSyntaxError(RegexError.BADRPT);
        if ((syntax & RE_CONTEXT_INVALID_OPS) !== 0 && (syntax & RE_CONTEXT_INVALID_DUP) === 0)
          throw new RegexSyntaxError(RegexError.BADRPT);
        if ((syntax & RE_CONTEXT_INDEP_OPS) !== 0) {
          Object.assign(token, this.fetch(syntax));
          return this.parseExpression(token, nest);
        }
        // An operator with nothing before it is an ordinary character.
        tree = node(Kind.CHARACTER, null, null, token.value);
        break;
      case Tok.OP_CLOSE_SUBEXP:
        if ((syntax & RE_UNMATCHED_RIGHT_PAREN_ORD) === 0) throw new RegexSyntaxError(RegexError.ERPAREN);
        tree = node(Kind.CHARACTER, null, null, token.value);
        break;
      case Tok.OP_CLOSE_DUP_NUM:
        tree = node(Kind.CHARACTER, null, null, token.value);
        break;
      case Tok.ANCHOR:
        if (token.value === WORD_DELIM || token.value === NOT_WORD_DELIM) {
          const [first, last] = token.value === WORD_DELIM ? [WORD_FIRST, WORD_LAST] : [INSIDE_WORD, INSIDE_NOTWORD];
          tree = node(Kind.OP_ALT, node(Kind.ANCHOR, null, null, first), node(Kind.ANCHOR, null, null, last));
        } else tree = node(Kind.ANCHOR, null, null, token.value);
        // No repetition applies to an anchor: "^*" is ^ then a literal * (or an error in ERE).
        Object.assign(token, this.fetch(syntax));
        return tree;
      case Tok.OP_PERIOD:
        tree = node(Kind.OP_PERIOD, null, null);
        break;
      case Tok.OP_WORD:
      case Tok.OP_NOTWORD:
        tree = this.classOperator(isWordByte, token.type === Tok.OP_NOTWORD);
        break;
      case Tok.OP_SPACE:
      case Tok.OP_NOTSPACE:
        tree = this.classOperator(isSpace, token.type === Tok.OP_NOTSPACE);
        break;
      case Tok.OP_ALT:
      case Tok.END_OF_RE:
        return null;
      case Tok.BACK_SLASH:
        throw new RegexSyntaxError(RegexError.EESCAPE);
      default:
        throw new Error(`regex parser: unexpected token ${token.type}`);
    }
    Object.assign(token, this.fetch(syntax));
    while (
      token.type === Tok.OP_DUP_ASTERISK ||
      token.type === Tok.OP_DUP_PLUS ||
      token.type === Tok.OP_DUP_QUESTION ||
      token.type === Tok.OP_OPEN_DUP_NUM
    ) {
      tree = this.parseRepetition(tree, token);
      // In BRE a repetition cannot follow another ("a**", "a*\{2\}").
      if (
        (syntax & RE_CONTEXT_INVALID_DUP) !== 0 &&
        (token.type === Tok.OP_DUP_ASTERISK || token.type === Tok.OP_OPEN_DUP_NUM)
      )
        throw new RegexSyntaxError(RegexError.BADRPT);
    }
    return tree;
  }

  /** \w \W \s \S: a bracket of the class (plus '_' for \w), complemented for the capitals. */
  private classOperator(member: (c: number) => boolean, complement: boolean): TreeNode {
    const set = new Uint8Array(256);
    for (let c = 0; c < 256; c++) if (member(c) !== complement) set[c] = 1;
    return node(Kind.SIMPLE_BRACKET, null, null, 0, set);
  }

  private parseSubexpression(token: Token, nest: number): TreeNode {
    const group = this.groups++;
    Object.assign(token, this.fetch(this.syntax | RE_CARET_ANCHORS_HERE));
    let tree: TreeNode | null = null;
    if (tokenType(token) !== Tok.OP_CLOSE_SUBEXP) {
      tree = this.parseRegExp(token, nest);
      if (tokenType(token) !== Tok.OP_CLOSE_SUBEXP) throw new RegexSyntaxError(RegexError.EPAREN);
    }
    if (group <= 8) this.completedGroups |= 1 << group;
    return node(Kind.SUBEXP, tree, null, group);
  }

  /** fetch_number: digits up to ',' or the closing brace; -1 for none, -2 for anything else. */
  private fetchNumber(token: Token): number {
    let number = -1;
    for (;;) {
      Object.assign(token, this.fetch(this.syntax));
      const c = token.value;
      if (tokenType(token) === Tok.END_OF_RE) return -2;
      if (tokenType(token) === Tok.OP_CLOSE_DUP_NUM || c === 0x2c) break;
      number =
        tokenType(token) !== Tok.CHARACTER || c < 0x30 || c > 0x39 || number === -2
          ? -2
          : number === -1
            ? c - 0x30
            : Math.min(RE_DUP_MAX + 1, number * 10 + c - 0x30);
    }
    return number;
  }

  /** parse_dup_op: *, +, ?, {n}, {n,}, {,m}, {n,m}, unrolled as glibc unrolls them. */
  private parseRepetition(element: TreeNode | null, token: Token): TreeNode | null {
    let start: number;
    let end: number;
    const startPosition = this.position;
    const startValue = token.value;
    if (tokenType(token) === Tok.OP_OPEN_DUP_NUM) {
      end = 0;
      start = this.fetchNumber(token);
      if (start === -1) {
        if (tokenType(token) === Tok.CHARACTER && token.value === 0x2c) start = 0;
        else throw new RegexSyntaxError(RegexError.BADBR);
      }
      if (start !== -2) {
        end =
          tokenType(token) === Tok.OP_CLOSE_DUP_NUM
            ? start
            : tokenType(token) === Tok.CHARACTER && token.value === 0x2c
              ? this.fetchNumber(token)
              : -2;
      }
      if (start === -2 || end === -2) {
        if ((this.syntax & RE_INVALID_INTERVAL_ORD) === 0)
          throw new RegexSyntaxError(tokenType(token) === Tok.END_OF_RE ? RegexError.EBRACE : RegexError.BADBR);
        // RE_INVALID_INTERVAL_ORD: the brace is an ordinary character, read again from after it.
        this.position = startPosition;
        token.type = Tok.CHARACTER;
        token.value = startValue;
        return element;
      }
      if ((end !== -1 && start > end) || tokenType(token) !== Tok.OP_CLOSE_DUP_NUM)
        throw new RegexSyntaxError(RegexError.BADBR);
      if (RE_DUP_MAX < (end === -1 ? start : end)) throw new RegexSyntaxError(RegexError.ESIZE);
    } else {
      start = tokenType(token) === Tok.OP_DUP_PLUS ? 1 : 0;
      end = tokenType(token) === Tok.OP_DUP_QUESTION ? 1 : -1;
    }
    Object.assign(token, this.fetch(this.syntax));
    if (element === null) return null;
    if (start === 0 && end === 0) return null;
    let elem: TreeNode = element;
    let tree: TreeNode;
    let oldTree: TreeNode | null = null;
    if (start > 0) {
      tree = elem;
      for (let i = 2; i <= start; i++) {
        elem = duplicate(elem)!;
        tree = node(Kind.CONCAT, tree, elem);
      }
      if (start === end) return tree;
      // The copy marked optional is made here; later copies of it lose the mark.
      elem = duplicate(elem)!;
      oldTree = tree;
    }
    if (elem.kind === Kind.SUBEXP) markOptional(elem, elem.value);
    tree = node(end === -1 ? Kind.OP_DUP_ASTERISK : Kind.OP_ALT, elem, null);
    for (let i = start + 2; i <= end; i++) {
      elem = duplicate(elem)!;
      tree = node(Kind.CONCAT, tree, elem);
      tree = node(Kind.OP_ALT, tree, null);
    }
    return oldTree === null ? tree : node(Kind.CONCAT, oldTree, tree);
  }

  // ---- bracket expressions ----

  /** peek_token_bracket. */
  private peekBracket(): [Token, number] {
    if (this.atEnd()) return [{ type: Tok.END_OF_RE, value: 0 }, 0];
    const c = this.byteAt(0);
    // RE_BACKSLASH_ESCAPE_IN_LISTS: '\\' takes the next byte literally (not a last '\\').
    if (c === 0x5c && (this.syntax & RE_BACKSLASH_ESCAPE_IN_LISTS) !== 0 && !this.atEnd(1))
      return [{ type: Tok.CHARACTER, value: this.byteAt(1) }, 2];
    if (c === 0x5b) {
      const c2 = this.atEnd(1) ? 0 : this.byteAt(1);
      switch (c2) {
        case 0x2e:
          return [{ type: Tok.OP_OPEN_COLL_ELEM, value: c2 }, 2];
        case 0x3d:
          return [{ type: Tok.OP_OPEN_EQUIV_CLASS, value: c2 }, 2];
        case 0x3a:
          if ((this.syntax & RE_CHAR_CLASSES) !== 0) return [{ type: Tok.OP_OPEN_CHAR_CLASS, value: c2 }, 2];
          break;
      }
      return [{ type: Tok.CHARACTER, value: c }, 1];
    }
    const type =
      c === 0x2d
        ? Tok.OP_CHARSET_RANGE
        : c === 0x5d
          ? Tok.OP_CLOSE_BRACKET
          : c === 0x5e
            ? Tok.OP_NON_MATCH_LIST
            : Tok.CHARACTER;
    return [{ type, value: c }, 1];
  }

  private parseBracket(): TreeNode {
    const set = new Uint8Array(256);
    let nonMatch = false;
    let [token, length] = this.peekBracket();
    if (token.type === Tok.END_OF_RE) throw new RegexSyntaxError(RegexError.BADPAT);
    if (token.type === Tok.OP_NON_MATCH_LIST) {
      nonMatch = true;
      if ((this.syntax & RE_HAT_LISTS_NOT_NEWLINE) !== 0) set[0x0a] = 1;
      this.position += length;
      [token, length] = this.peekBracket();
      if (token.type === Tok.END_OF_RE) throw new RegexSyntaxError(RegexError.BADPAT);
    }
    // A ']' first is an ordinary character.
    if (token.type === Tok.OP_CLOSE_BRACKET) token.type = Tok.CHARACTER;
    let firstRound = true;
    for (;;) {
      const startElement = this.parseBracketElement(token, length, firstRound);
      firstRound = false;
      [token, length] = this.peekBracket();
      let isRange = false;
      let endToken: Token | undefined;
      let endLength = 0;
      if (startElement.kind !== 'class' && startElement.kind !== 'equivalence') {
        if (token.type === Tok.END_OF_RE) throw new RegexSyntaxError(RegexError.EBRACK);
        if (token.type === Tok.OP_CHARSET_RANGE) {
          this.position += length;
          [endToken, endLength] = this.peekBracket();
          if (endToken.type === Tok.END_OF_RE) throw new RegexSyntaxError(RegexError.EBRACK);
          if (endToken.type === Tok.OP_CLOSE_BRACKET) {
            // A '-' just before the closing bracket is an ordinary character.
            this.position -= length;
            token.type = Tok.CHARACTER;
          } else isRange = true;
        }
      }
      if (isRange) {
        const endElement = this.parseBracketElement(endToken!, endLength, true);
        [token, length] = this.peekBracket();
        buildRange(set, startElement, endElement, this.syntax);
      } else addElement(set, startElement, this.syntax);
      if (token.type === Tok.END_OF_RE) throw new RegexSyntaxError(RegexError.EBRACK);
      if (token.type === Tok.OP_CLOSE_BRACKET) break;
    }
    this.position += length;
    if (nonMatch) for (let c = 0; c < 256; c++) set[c] ^= 1;
    return node(Kind.SIMPLE_BRACKET, null, null, 0, set);
  }

  private parseBracketElement(token: Token, length: number, acceptHyphen: boolean): BracketElement {
    this.position += length;
    if (
      token.type === Tok.OP_OPEN_COLL_ELEM ||
      token.type === Tok.OP_OPEN_CHAR_CLASS ||
      token.type === Tok.OP_OPEN_EQUIV_CLASS
    )
      return this.parseBracketSymbol(token);
    if (token.type === Tok.OP_CHARSET_RANGE && !acceptHyphen) {
      // A '-' that starts a range after another range, not before ']', is an error.
      const [next] = this.peekBracket();
      if (next.type !== Tok.OP_CLOSE_BRACKET) throw new RegexSyntaxError(RegexError.ERANGE);
    }
    return { kind: 'byte', byte: token.value, name: '' };
  }

  /** [.x.], [=x=], [:name:]: the name up to the delimiter followed by ']'. */
  private parseBracketSymbol(token: Token): BracketElement {
    const delimiter = token.value;
    if (this.atEnd()) throw new RegexSyntaxError(RegexError.EBRACK);
    let name = '';
    for (let i = 0; ; i++) {
      if (i >= BRACKET_NAME_MAX) throw new RegexSyntaxError(RegexError.EBRACK);
      // Class names are read as written; the other names case-folded like the rest.
      const c = token.type === Tok.OP_OPEN_CHAR_CLASS ? this.raw[this.position]! : this.text[this.position]!;
      this.position++;
      if (this.atEnd()) throw new RegexSyntaxError(RegexError.EBRACK);
      if (c === delimiter && this.byteAt(0) === 0x5d) break;
      name += String.fromCharCode(c);
    }
    this.position++;
    const kind =
      token.type === Tok.OP_OPEN_COLL_ELEM
        ? 'collating'
        : token.type === Tok.OP_OPEN_EQUIV_CLASS
          ? 'equivalence'
          : 'class';
    return { kind, byte: 0, name };
  }
}

interface BracketElement {
  kind: 'byte' | 'collating' | 'equivalence' | 'class';
  byte: number;
  name: string;
}

function addElement(set: Uint8Array, element: BracketElement, syntax: number): void {
  switch (element.kind) {
    case 'byte':
      set[element.byte] = 1;
      return;
    case 'equivalence':
    case 'collating':
      // The C locale has no multi-character elements: one character, or an unknown name.
      if (element.name.length !== 1) throw new RegexSyntaxError(RegexError.ECOLLATE);
      set[element.name.charCodeAt(0)] = 1;
      return;
    case 'class': {
      let name = element.name;
      if ((syntax & RE_ICASE) !== 0 && (name === 'upper' || name === 'lower')) name = 'alpha';
      const member = Object.hasOwn(CHARACTER_CLASSES, name) ? CHARACTER_CLASSES[name] : undefined;
      if (member === undefined) throw new RegexSyntaxError(RegexError.ECTYPE);
      for (let c = 0; c < 256; c++) if (member(c)) set[c] = 1;
      return;
    }
  }
}

/** build_range_exp in the C locale: byte values from start to end; classes cannot be ends. */
function buildRange(set: Uint8Array, start: BracketElement, end: BracketElement, syntax: number): void {
  if (start.kind === 'equivalence' || start.kind === 'class' || end.kind === 'equivalence' || end.kind === 'class')
    throw new RegexSyntaxError(RegexError.ERANGE);
  if ((start.kind === 'collating' && start.name.length > 1) || (end.kind === 'collating' && end.name.length > 1))
    throw new RegexSyntaxError(RegexError.ECOLLATE);
  const byteOf = (element: BracketElement) =>
    element.kind === 'byte' ? element.byte : element.name.length === 1 ? element.name.charCodeAt(0) : 0;
  const first = byteOf(start);
  const last = byteOf(end);
  if ((syntax & RE_NO_EMPTY_RANGES) !== 0 && first > last) throw new RegexSyntaxError(RegexError.ERANGE);
  for (let c = first; c <= last; c++) set[c] = 1;
}

/** mark_opt_subexp: the group's own node (and copies of it inside) marked optional. */
function markOptional(tree: TreeNode | null, group: number): void {
  if (tree === null) return;
  markOptional(tree.left, group);
  markOptional(tree.right, group);
  if (tree.kind === Kind.SUBEXP && tree.value === group) tree.optSubexp = true;
}
