// The compiled form of a regular expression: glibc 2.36's NFA (posix/regcomp.c's analyze) built from
// the parser's tree — nested groups merged (optimize_subexps), groups lowered to open/close nodes,
// nodes numbered in post-order (calc_first), each node's successor (calc_next) and the two
// epsilon destinations of an alternation or a star kept in ascending node order (link_nfa_nodes):
// that order is the order in which the matcher tries them when it assigns subexpressions.
import { Kind, type ParsedPattern, type TreeNode } from './regex-parser.ts';

export interface RegexProgram {
  kinds: Kind[];
  /** CHARACTER: the byte; ANCHOR: the constraint; OPEN/CLOSE/BACK_REF: the group. */
  values: number[];
  sets: (Uint8Array | null)[];
  /** Consuming nodes and back-references: the node after them. */
  nexts: number[];
  /** Epsilon nodes: their destinations, ascending. */
  epsilonDestinations: number[][];
  optSubexp: boolean[];
  start: number;
  end: number;
  groups: number;
  hasBackReferences: boolean;
  /** Alternation or repetition present (glibc's has_plural_match). */
  hasPluralMatch: boolean;
  /** Group → the group whose registers it copies (nested groups merged), when any differ. */
  groupMap: number[] | undefined;
}

/** The tree's nodes, parents after their children, left subtree first (iteratively: trees can be 60,000 deep). */
function postorder(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const tree = stack.pop()!;
    out.push(tree);
    if (tree.left) stack.push(tree.left);
    if (tree.right) stack.push(tree.right);
  }
  return out.reverse();
}

/** Pre-order, calling `visit` on a node before reading its (possibly replaced) children. */
function preorder(root: TreeNode, visit: (tree: TreeNode) => void): void {
  const stack = [root];
  while (stack.length > 0) {
    const tree = stack.pop()!;
    visit(tree);
    if (tree.right) stack.push(tree.right);
    if (tree.left) stack.push(tree.left);
  }
}

/** Per-node data of the numbering: its index, first node, successor. */
interface Linked {
  index: number;
  first: TreeNode;
  next: TreeNode | null;
}

export function buildProgram(parsed: ParsedPattern): RegexProgram {
  const groupMap = Array.from({ length: parsed.groups }, (_, i) => i);
  const root = parsed.tree;
  // optimize_subexps: a group directly inside another is dropped; its registers copy the outer's.
  preorder(root, (tree) => {
    if (tree.kind === Kind.OP_BACK_REF) tree.value = groupMap[tree.value]!;
    else if (tree.kind === Kind.SUBEXP && tree.left !== null && tree.left.kind === Kind.SUBEXP) {
      const inner = tree.left.value;
      tree.left = tree.left.left;
      groupMap[inner] = groupMap[tree.value]!;
    }
  });
  // lower_subexps: each group becomes OPEN, body, CLOSE.
  for (const tree of postorder(root)) {
    if (tree.left?.kind === Kind.SUBEXP) tree.left = lowerGroup(tree.left);
    if (tree.right?.kind === Kind.SUBEXP) tree.right = lowerGroup(tree.right);
  }
  const program: RegexProgram = {
    kinds: [],
    values: [],
    sets: [],
    nexts: [],
    epsilonDestinations: [],
    optSubexp: [],
    start: 0,
    end: 0,
    groups: parsed.groups,
    hasBackReferences: parsed.backReferences > 0,
    hasPluralMatch: false,
    groupMap: groupMap.every((g, i) => g === i) ? undefined : groupMap,
  };
  const linked = new Map<TreeNode, Linked>();
  const info = (tree: TreeNode) => linked.get(tree)!;
  const order = postorder(root);
  // calc_first: every node but CONCAT gets the next number, in post-order.
  for (const tree of order) {
    if (tree.kind === Kind.CONCAT) {
      const left = info(tree.left!);
      linked.set(tree, { index: left.index, first: left.first, next: null });
      continue;
    }
    const index = program.kinds.length;
    linked.set(tree, { index, first: tree, next: null });
    program.kinds.push(tree.kind);
    program.values.push(tree.value);
    program.sets.push(tree.set);
    program.nexts.push(-1);
    program.epsilonDestinations.push([]);
    program.optSubexp.push(tree.optSubexp);
    if (tree.kind === Kind.END_OF_RE) program.end = index;
  }
  // calc_next, in pre-order.
  preorder(root, (tree) => {
    const self = info(tree);
    switch (tree.kind) {
      case Kind.OP_DUP_ASTERISK:
        info(tree.left!).next = tree;
        break;
      case Kind.CONCAT:
        info(tree.left!).next = info(tree.right!).first;
        info(tree.right!).next = self.next;
        break;
      default:
        if (tree.left) info(tree.left).next = self.next;
        if (tree.right) info(tree.right).next = self.next;
    }
  });
  const firstIndex = (tree: TreeNode) => info(info(tree).first).index;
  const nextIndex = (tree: TreeNode) => info(info(tree).next!).index;
  for (const tree of order) {
    const index = info(tree).index;
    switch (tree.kind) {
      case Kind.CONCAT:
      case Kind.END_OF_RE:
        break;
      case Kind.OP_DUP_ASTERISK:
      case Kind.OP_ALT: {
        program.hasPluralMatch = true;
        const left = tree.left !== null ? firstIndex(tree.left) : nextIndex(tree);
        const right = tree.right !== null ? firstIndex(tree.right) : nextIndex(tree);
        // The two destinations in ascending node order: the order the matcher tries them.
        program.epsilonDestinations[index] = left === right ? [left] : [Math.min(left, right), Math.max(left, right)];
        break;
      }
      case Kind.ANCHOR:
      case Kind.OP_OPEN_SUBEXP:
      case Kind.OP_CLOSE_SUBEXP:
        program.epsilonDestinations[index] = [nextIndex(tree)];
        break;
      case Kind.OP_BACK_REF:
        program.nexts[index] = nextIndex(tree);
        program.epsilonDestinations[index] = [nextIndex(tree)];
        break;
      default:
        program.nexts[index] = nextIndex(tree);
    }
  }
  program.start = firstIndex(root);
  return program;
}

/** lower_subexp: OPEN, body, CLOSE (both marks copied from the group). */
function lowerGroup(group: TreeNode): TreeNode {
  const mark = (kind: Kind): TreeNode => ({
    kind,
    left: null,
    right: null,
    value: group.value,
    set: null,
    optSubexp: group.optSubexp,
  });
  const close = mark(Kind.OP_CLOSE_SUBEXP);
  return concat(mark(Kind.OP_OPEN_SUBEXP), group.left === null ? close : concat(group.left, close));
}

function concat(left: TreeNode, right: TreeNode): TreeNode {
  return { kind: Kind.CONCAT, left, right, value: 0, set: null, optSubexp: false };
}
