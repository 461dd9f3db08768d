// The UTS namespace of a run: the host and domain names uname(2) reports. Every run has its own,
// started from the host's names, so sethostname/setdomainname change what the run's processes see
// and never the host (as in a container with a UTS namespace of its own).

import * as fs from 'node:fs';
import { os } from '../host/lazy-builtins.ts';
import type { Process } from './process.ts';
import type { System } from './system.ts';

/** __NEW_UTS_LEN: the longest name; uname's fields hold it and a NUL. */
export const UTS_NAME_LENGTH = 64;

export interface UtsNames {
  /** Byte strings (one char per byte), as the guest set them. */
  hostname: string;
  domainname: string;
}

/** Each run's names (a process built without a System is a run of its own). */
const namespaces = new WeakMap<System | Process, UtsNames>();

/** Processes with a UTS namespace other than their run's (unshare(CLONE_NEWUTS), and their children). */
const ownNamespaces = new WeakMap<Process, UtsNames>();

function hostDomainName(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/domainname', 'latin1').replace(/\n$/, '');
  } catch {
    return '(none)';
  }
}

/** The names of the run `process` belongs to (a process built without a System has its own). */
export function utsNamesOf(process: Process): UtsNames {
  const own = ownNamespaces.get(process);
  if (own !== undefined) return own;
  const owner = process.system ?? process;
  let names = namespaces.get(owner);
  if (names === undefined) {
    names = { hostname: Buffer.from(os().hostname(), 'utf8').toString('latin1'), domainname: hostDomainName() };
    namespaces.set(owner, names);
  }
  return names;
}

/** unshare(CLONE_NEWUTS): the process gets a copy of its names, changed from now on for it alone. */
export function unshareUtsNamespace(process: Process): void {
  ownNamespaces.set(process, { ...utsNamesOf(process) });
}

/** fork's child and execve's new program stay in the namespace of the process they come from. */
export function inheritUtsNamespace(from: Process, to: Process): void {
  const names = ownNamespaces.get(from);
  if (names !== undefined) ownNamespaces.set(to, names);
}
