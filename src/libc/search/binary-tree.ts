// The tsearch family (<search.h>): tsearch, tfind, tdelete, twalk, twalk_r, tdestroy, as glibc
// 2.36's misc/tsearch.c keeps its red-black tree. Programs see the nodes: tsearch/tfind return a
// node pointer whose first word is the key, and twalk hands nodes and depths to the program, so
// the node layout and the tree's shape after each insertion and deletion are glibc's:
//
//   struct node { const void *key; uintptr_t left (bit 0: this node is red); node *right; }
//
// nodes are malloc'ed (24 bytes). Insertion splits 4-nodes top-down on the way down and rotates
// at most once per split; deletion overwrites the node with its in-order successor's key and
// unlinks the successor, then rebalances upwards over a stack of the links it came down.
// "Slots" below are the addresses of links: the caller's root variable, or a node's left/right
// field (the left field carries its owner's colour in bit 0, which a store through the slot keeps).
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const LEFT = 8;
const RIGHT = 16;
const NODE_SIZE = 24;

/** VISIT values passed to twalk's action. */
const PREORDER = 0;
const POSTORDER = 1;
const ENDORDER = 2;
const LEAF = 3;

class Tree {
  constructor(readonly libc: LibcProcess) {}

  load(address: number): number {
    return loadPointer(this.libc.memory, address);
  }

  store(address: number, value: number): void {
    storePointer(this.libc.memory, address, value);
  }

  /** The node a slot points to (colour bit dropped). */
  deref(slot: number): number {
    const value = this.load(slot);
    return value - (value % 2);
  }

  /** Links `node` into `slot`, keeping the bit 0 stored there. */
  setSlot(slot: number, node: number): void {
    this.store(slot, (this.load(slot) % 2) + node);
  }

  red(node: number): boolean {
    return this.load(node + LEFT) % 2 === 1;
  }

  setRed(node: number): void {
    const value = this.load(node + LEFT);
    if (value % 2 === 0) this.store(node + LEFT, value + 1);
  }

  setBlack(node: number): void {
    const value = this.load(node + LEFT);
    if (value % 2 === 1) this.store(node + LEFT, value - 1);
  }

  setColour(node: number, red: boolean): void {
    if (red) this.setRed(node);
    else this.setBlack(node);
  }

  left(node: number): number {
    return this.deref(node + LEFT);
  }

  right(node: number): number {
    return this.load(node + RIGHT);
  }

  setLeft(node: number, child: number): void {
    this.setSlot(node + LEFT, child);
  }

  setRight(node: number, child: number): void {
    this.store(node + RIGHT, child);
  }

  /** The child on `side` (LEFT or RIGHT): the rebalancing below is written once for both. */
  child(node: number, side: number): number {
    return this.deref(node + side);
  }

  setChild(node: number, side: number, child: number): void {
    this.setSlot(node + side, child);
  }

  /** A red node (NULL counts as black). */
  isRed(node: number): boolean {
    return node !== 0 && this.red(node);
  }

  /**
   * glibc's maybe_split_for_insert: a node with two red children becomes red with black
   * children (always when `force`, for a new node); a red parent above it is then fixed by one
   * or two rotations. `pr`/`gpr` are the comparisons that led from grandparent to parent to node.
   */
  splitForInsert(
    slot: number,
    parentSlot: number,
    grandparentSlot: number,
    pr: number,
    gpr: number,
    force: boolean,
  ): void {
    const node = this.deref(slot);
    const rightSlot = node + RIGHT;
    const leftSlot = node + LEFT;
    const right = this.right(node);
    const left = this.left(node);
    if (!force && !(right !== 0 && left !== 0 && this.red(right) && this.red(left))) return;
    this.setRed(node);
    if (right !== 0) this.setBlack(right);
    if (left !== 0) this.setBlack(left);
    if (parentSlot === 0 || !this.red(this.deref(parentSlot))) return;
    const grandparent = this.deref(grandparentSlot);
    const parent = this.deref(parentSlot);
    if (pr > 0 !== gpr > 0) {
      // The two red links bend: the node goes on top, its parent and grandparent below it.
      this.setRed(parent);
      this.setRed(grandparent);
      this.setBlack(node);
      if (pr < 0) {
        this.setLeft(parent, right);
        this.setSlot(rightSlot, parent);
        this.setRight(grandparent, left);
        this.setSlot(leftSlot, grandparent);
      } else {
        this.setRight(parent, left);
        this.setSlot(leftSlot, parent);
        this.setLeft(grandparent, right);
        this.setSlot(rightSlot, grandparent);
      }
      this.setSlot(grandparentSlot, node);
    } else {
      // Both links go the same way: the parent goes on top.
      this.setSlot(grandparentSlot, parent);
      this.setBlack(parent);
      this.setRed(grandparent);
      if (pr < 0) {
        this.setLeft(grandparent, this.right(parent));
        this.setRight(parent, grandparent);
      } else {
        this.setRight(grandparent, this.left(parent));
        this.setLeft(parent, grandparent);
      }
    }
  }
}

function* compare(
  compar: number,
  key: number,
  node: number,
  tree: Tree,
  what: string,
): Generator<ReturnType<typeof guestCall>, number, number> {
  return (yield guestCall(compar, [key, tree.load(node)], what)) | 0;
}

function* tsearch(libc: LibcProcess, key: number, rootSlot: number, compar: number): HostGenerator {
  if (rootSlot === 0) return 0;
  const tree = new Tree(libc);
  let slot = rootSlot;
  let parentSlot = 0;
  let grandparentSlot = 0;
  let r = 0;
  let pr = 0;
  let gpr = 0;
  let root = tree.deref(slot);
  if (root !== 0) tree.setBlack(root);
  let next = slot;
  while (tree.deref(next) !== 0) {
    root = tree.deref(slot);
    r = yield* compare(compar, key, root, tree, 'tsearch comparator');
    if (r === 0) return root;
    tree.splitForInsert(slot, parentSlot, grandparentSlot, pr, gpr, false);
    next = r < 0 ? root + LEFT : root + RIGHT;
    if (tree.deref(next) === 0) break;
    grandparentSlot = parentSlot;
    parentSlot = slot;
    slot = next;
    gpr = pr;
    pr = r;
  }
  const node = libc.heap.allocate(NODE_SIZE);
  if (node === 0) return 0;
  tree.setSlot(next, node);
  tree.store(node, key);
  tree.store(node + LEFT, 1); // red, no left child
  tree.store(node + RIGHT, 0);
  if (next !== slot) tree.splitForInsert(next, slot, parentSlot, r, pr, true);
  return node;
}

function* tfind(libc: LibcProcess, key: number, rootSlot: number, compar: number): HostGenerator {
  if (rootSlot === 0) return 0;
  const tree = new Tree(libc);
  let slot = rootSlot;
  while (tree.deref(slot) !== 0) {
    const node = tree.deref(slot);
    const r = yield* compare(compar, key, node, tree, 'tfind comparator');
    if (r === 0) return node;
    slot = r < 0 ? node + LEFT : node + RIGHT;
  }
  return 0;
}

/** tdelete: the deleted key's parent node (the root node itself when it was the root), or NULL. */
function* tdelete(libc: LibcProcess, key: number, rootSlotArgument: number, compar: number): HostGenerator {
  if (rootSlotArgument === 0) return 0;
  const tree = new Tree(libc);
  let slot = rootSlotArgument;
  let p = tree.deref(slot);
  if (p === 0) return 0;
  const stack: number[] = [];
  let root = p;
  for (;;) {
    const cmp = yield* compare(compar, key, root, tree, 'tdelete comparator');
    if (cmp === 0) break;
    stack.push(slot);
    p = tree.deref(slot);
    if (cmp < 0) {
      slot = p + LEFT;
      root = tree.left(p);
    } else {
      slot = p + RIGHT;
      root = tree.right(p);
    }
    if (root === 0) return 0;
  }
  const result = p;
  root = tree.deref(slot);
  let unchained: number;
  if (tree.left(root) === 0 || tree.right(root) === 0) unchained = root;
  else {
    // The in-order successor: leftmost node of the right subtree.
    let parentSlot = slot;
    let up = root + RIGHT;
    for (;;) {
      stack.push(parentSlot);
      parentSlot = up;
      const upNode = tree.deref(up);
      if (tree.left(upNode) === 0) break;
      up = upNode + LEFT;
    }
    unchained = tree.deref(up);
  }
  let r = tree.left(unchained);
  if (r === 0) r = tree.right(unchained);
  if (stack.length === 0) tree.setSlot(slot, r);
  else {
    const q = tree.deref(stack[stack.length - 1]!);
    if (unchained === tree.right(q)) tree.setRight(q, r);
    else tree.setLeft(q, r);
  }
  if (unchained !== root) tree.store(root, tree.load(unchained));
  if (!tree.red(unchained)) {
    // A black link is gone from every path through r: rebalance upwards.
    let sp = stack.length;
    while (sp > 0 && !tree.isRed(r)) {
      let pp = stack[sp - 1]!;
      p = tree.deref(pp);
      // The mirror images of glibc's two cases: `near` is the side r hangs on, `far` the other.
      const near = r === tree.left(p) ? LEFT : RIGHT;
      const far = near === LEFT ? RIGHT : LEFT;
      let q = tree.child(p, far);
      if (tree.red(q)) {
        tree.setBlack(q);
        tree.setRed(p);
        tree.setChild(p, far, tree.child(q, near));
        tree.setChild(q, near, p);
        tree.setSlot(pp, q);
        pp = q + near;
        stack[sp++] = pp;
        q = tree.child(p, far);
      }
      if (!tree.isRed(tree.child(q, near)) && !tree.isRed(tree.child(q, far))) {
        tree.setRed(q);
        r = p;
      } else {
        if (!tree.isRed(tree.child(q, far))) {
          const q2 = tree.child(q, near);
          tree.setColour(q2, tree.red(p));
          tree.setChild(p, far, tree.child(q2, near));
          tree.setChild(q, near, tree.child(q2, far));
          tree.setChild(q2, far, q);
          tree.setChild(q2, near, p);
          tree.setSlot(pp, q2);
          tree.setBlack(p);
        } else {
          tree.setColour(q, tree.red(p));
          tree.setBlack(p);
          tree.setBlack(tree.child(q, far));
          tree.setChild(p, far, tree.child(q, near));
          tree.setChild(q, near, p);
          tree.setSlot(pp, q);
        }
        sp = 1;
        r = 0;
      }
      sp--;
    }
    if (r !== 0) tree.setBlack(r);
  }
  libc.heap.release(unchained, 'tdelete');
  return result;
}

/** twalk/twalk_r: leaf, or preorder/left subtree/postorder/right subtree/endorder. */
function* walk(
  tree: Tree,
  node: number,
  action: number,
  third: (level: number) => number,
  level: number,
): HostGenerator {
  const left = tree.left(node);
  const right = tree.right(node);
  if (left === 0 && right === 0) {
    yield guestCall(action, [node, LEAF, third(level)], 'twalk action');
    return undefined;
  }
  yield guestCall(action, [node, PREORDER, third(level)], 'twalk action');
  if (left !== 0) yield* walk(tree, left, action, third, level + 1);
  yield guestCall(action, [node, POSTORDER, third(level)], 'twalk action');
  if (right !== 0) yield* walk(tree, right, action, third, level + 1);
  yield guestCall(action, [node, ENDORDER, third(level)], 'twalk action');
  return undefined;
}

/** tdestroy: children first, then freefct(key) and the node itself. */
function* destroy(tree: Tree, node: number, freeFunction: number): HostGenerator {
  const left = tree.left(node);
  if (left !== 0) yield* destroy(tree, left, freeFunction);
  const right = tree.right(node);
  if (right !== 0) yield* destroy(tree, right, freeFunction);
  yield guestCall(freeFunction, [tree.load(node)], 'tdestroy free function');
  tree.libc.heap.release(node, 'tdestroy');
  return undefined;
}

export const BINARY_TREE_FUNCTIONS: FunctionTable = {
  tsearch: (f, libc) => tsearch(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  tfind: (f, libc) => tfind(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  tdelete: (f, libc) => tdelete(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  twalk: (f, libc) => {
    const root = f.ptr(0);
    const action = f.ptr(1);
    if (root === 0 || action === 0) return undefined;
    return walk(new Tree(libc), root, action, (level) => level, 0);
  },
  twalk_r: (f, libc) => {
    const root = f.ptr(0);
    const action = f.ptr(1);
    const closure = f.ptr(2);
    if (root === 0 || action === 0) return undefined;
    return walk(new Tree(libc), root, action, () => closure, 0);
  },
  tdestroy: (f, libc) => {
    const root = f.ptr(0);
    if (root === 0) return undefined;
    return destroy(new Tree(libc), root, f.ptr(1));
  },
};
