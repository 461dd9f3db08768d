// libintl as glibc provides it, for a system without message catalogues for the C and C.UTF-8
// locales (glibc never translates in them): the *gettext functions return the message id (the
// plural forms pick by n == 1, glibc's default rule), and textdomain/bindtextdomain/
// bind_textdomain_codeset keep their settings and return glibc's own copies of the strings.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { cString, cStringLength } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

const DEFAULT_DOMAIN = 'messages';
/** glibc's _nl_default_dirname on Debian. */
const DEFAULT_DIRECTORY = '/usr/share/locale';

interface Binding {
  directory: number;
  codeset: number;
}

class TextDomains {
  /** The current domain's guest string. */
  current: number;
  readonly defaultDomain: number;
  readonly defaultDirectory: number;
  readonly bindings = new Map<string, Binding>();

  constructor(private readonly libc: LibcProcess) {
    this.defaultDomain = this.constant(DEFAULT_DOMAIN);
    this.defaultDirectory = this.constant(DEFAULT_DIRECTORY);
    this.current = this.defaultDomain;
  }

  private constant(text: string): number {
    const address = this.libc.data.allocate(text.length + 1, 1);
    this.libc.memory.bytes.set(Buffer.from(text, 'latin1'), address);
    return address;
  }

  /** A heap copy of the guest string at `source` (glibc strdups what it keeps), 0 when out of memory. */
  copy(source: number): number {
    const length = cStringLength(this.libc.memory, source);
    const address = this.libc.heap.allocate(length + 1);
    if (address !== 0) this.libc.memory.bytes.copyWithin(address, source, source + length + 1);
    return address;
  }

  binding(domain: string): Binding {
    let binding = this.bindings.get(domain);
    if (!binding) {
      binding = { directory: this.defaultDirectory, codeset: 0 };
      this.bindings.set(domain, binding);
    }
    return binding;
  }
}

const domains = new ProcessState<TextDomains>(
  'gettext/gettext-functions domains',
  copyForChild,
  (libc) => new TextDomains(libc),
);

/**
 * _nl_msg_cat_cntr: glibc counts every change that may change which catalogues apply
 * (textdomain, a binding changed, setlocale); programs compare it to drop their caches.
 */
function catalogCounterCell(libc: LibcProcess): number {
  return (
    libc.currentObject('_nl_msg_cat_cntr') ?? libc.objectAddress('_nl_msg_cat_cntr', () => libc.data.allocate(8, 8))
  );
}

/** ++_nl_msg_cat_cntr. */
export function countCatalogChange(libc: LibcProcess): void {
  const cell = catalogCounterCell(libc);
  libc.memory.view.setInt32(cell, (libc.memory.view.getInt32(cell, true) + 1) | 0, true);
}

function textdomain(libc: LibcProcess, name: number): number {
  const d = domains.of(libc);
  if (name === 0) return d.current;
  if (libc.memory.bytes[name] === 0) {
    d.current = d.defaultDomain;
    countCatalogChange(libc);
    return d.current;
  }
  if (cString(libc.memory, name) === cString(libc.memory, d.current)) {
    countCatalogChange(libc);
    return d.current;
  }
  const copy = d.copy(name);
  if (copy === 0) return 0;
  if (d.current !== d.defaultDomain) libc.heap.release(d.current);
  d.current = copy;
  countCatalogChange(libc);
  return copy;
}

/** bindtextdomain (field 'directory') and bind_textdomain_codeset (field 'codeset'). */
function bind(libc: LibcProcess, domain: number, value: number, field: keyof Binding): number {
  if (domain === 0 || libc.memory.bytes[domain] === 0) return 0;
  const d = domains.of(libc);
  const name = cString(libc.memory, domain);
  // A new binding made with a value counts as a change (glibc's set_binding_values).
  const isNew = !d.bindings.has(name) && value !== 0;
  const binding = d.binding(name);
  if (value === 0) return binding[field];
  const old = binding[field];
  if (old !== 0 && cString(libc.memory, old) === cString(libc.memory, value)) {
    if (isNew) countCatalogChange(libc);
    return old;
  }
  const copy = d.copy(value);
  if (copy === 0) return 0;
  if (old !== 0 && old !== d.defaultDirectory) libc.heap.release(old);
  binding[field] = copy;
  countCatalogChange(libc);
  return copy;
}

/** ngettext's choice with no catalogue: the singular for n == 1 (n is an unsigned long). */
function plural(f: CallFrame, singular: number, pluralIndex: number, nIndex: number): number {
  return f.ulong(nIndex) === 1 ? f.ptr(singular) : f.ptr(pluralIndex);
}

export const GETTEXT_FUNCTIONS: FunctionTable = {
  gettext: (f) => f.ptr(0),
  dgettext: (f) => f.ptr(1),
  __dgettext: (f) => f.ptr(1),
  dcgettext: (f) => f.ptr(1),
  __dcgettext: (f) => f.ptr(1),
  ngettext: (f) => plural(f, 0, 1, 2),
  dngettext: (f) => plural(f, 1, 2, 3),
  dcngettext: (f) => plural(f, 1, 2, 3),
  textdomain: (f, libc) => textdomain(libc, f.ptr(0)),
  bindtextdomain: (f, libc) => bind(libc, f.ptr(0), f.ptr(1), 'directory'),
  bind_textdomain_codeset: (f, libc) => bind(libc, f.ptr(0), f.ptr(1), 'codeset'),
};

/** glibc's own text domain, "libc", which programs built from glibc's sources (getconf) copy. */
const LIBC_DOMAIN = 'libc';

export const GETTEXT_OBJECTS: ObjectTable = {
  _nl_msg_cat_cntr: (libc) => catalogCounterCell(libc),
  _libc_intl_domainname: (libc) =>
    libc.objectAddress('_libc_intl_domainname', () => {
      const address = libc.data.allocate(LIBC_DOMAIN.length + 1, 1);
      libc.memory.bytes.set(Buffer.from(`${LIBC_DOMAIN}\0`, 'latin1'), address);
      return address;
    }),
};
