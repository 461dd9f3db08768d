// The locales of one process: the global locale setlocale changes, the locale_t objects of
// newlocale/duplocale (in guest memory, laid out as glibc's struct __locale_struct so that inline
// code reading __ctype_b/__ctype_tolower/__ctype_toupper works), and each thread's uselocale choice.
import type { CallFrame } from '../abi/call-frame.ts';
import { CTYPE_FUNCTIONS } from '../ctype/ctype-tables.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState } from '../runtime/process-states.ts';
import { CATEGORY_LIMIT, LC_CTYPE } from './categories.ts';
import { LocaleData } from './locale-names.ts';

/**
 * (locale_t) -1, LC_GLOBAL_LOCALE, as CallFrame.ptr reads it: 2^64 - 1 rounds to 2^64 as a double.
 * uselocale(NULL) returns it (as -1) for a thread that never chose a locale.
 */
export const GLOBAL_LOCALE_HANDLE = 2 ** 64;

// struct __locale_struct (glibc <bits/types/__locale_t.h>): 13 __locale_data pointers, the three
// ctype table pointers, 13 category name pointers.
const LOCALE_DATA_OFFSET = 0x00;
const CTYPE_B_OFFSET = 0x68;
const CTYPE_TOLOWER_OFFSET = 0x70;
const CTYPE_TOUPPER_OFFSET = 0x78;
const NAMES_OFFSET = 0x80;
export const LOCALE_STRUCT_SIZE = 0xe8;

/** A locale's categories: the data set and the name of each (index LC_ALL unused). */
export class Locale {
  constructor(
    readonly data: LocaleData[] = new Array<LocaleData>(CATEGORY_LIMIT).fill(LocaleData.C),
    readonly names: string[] = new Array<string>(CATEGORY_LIMIT).fill('C'),
  ) {}

  copy(): Locale {
    return new Locale([...this.data], [...this.names]);
  }

  /** True when the multibyte character set (LC_CTYPE) is UTF-8. */
  get utf8(): boolean {
    return this.data[LC_CTYPE] === LocaleData.Utf8;
  }
}

export class LocaleState {
  readonly global = new Locale();
  /** Each guest locale_t and its categories. */
  readonly objects = new Map<number, Locale>();
  /** glibc's _nl_C_locobj: the static C locale newlocale(…, "C", 0) and duplocale return. */
  readonly cObject: number;
  /** Threads that called uselocale with a locale_t: tid → that object. */
  readonly perThread = new Map<number, number>();
  /** Guest copies of strings handed out (names, nl_langinfo values), kept for the process's life. */
  private readonly strings = new Map<string, number>();
  /** A non-null __locale_data pointer per data set (programs only test these for NULL). */
  private readonly dataBlocks: number[];

  /**
   * The child's copy after a fork: the same locale objects (the data sets are shared constants),
   * the calling thread's uselocale kept under the child's thread id.
   */
  copyFor(child: LibcProcess, parent: LibcProcess): LocaleState {
    const copy = Object.create(LocaleState.prototype) as LocaleState;
    const callerLocale = this.perThread.get(parent.thread.tid);
    return Object.assign(copy, {
      libc: child,
      global: this.global.copy(),
      objects: new Map([...this.objects].map(([handle, locale]) => [handle, locale.copy()])),
      cObject: this.cObject,
      perThread: new Map(callerLocale === undefined ? [] : [[child.process.mainThread.tid, callerLocale]]),
      strings: new Map(this.strings),
      dataBlocks: [...this.dataBlocks],
    });
  }

  constructor(private readonly libc: LibcProcess) {
    this.dataBlocks = [libc.data.allocate(16, 16), libc.data.allocate(16, 16)];
    this.cObject = libc.data.allocate(LOCALE_STRUCT_SIZE, 16);
    this.objects.set(this.cObject, new Locale());
    this.writeObject(this.cObject, new Locale());
  }

  /** The locale the calling thread uses now (its uselocale object, else the global locale). */
  get current(): Locale {
    const handle = this.perThread.get(this.libc.thread.tid);
    return (handle !== undefined && this.objects.get(handle)) || this.global;
  }

  /**
   * The locale of a locale_t argument (the *_l functions). LC_GLOBAL_LOCALE is the global locale;
   * NULL or an address that is no locale_t gets the C locale (glibc would read garbage).
   */
  of(handle: number): Locale {
    if (handle === GLOBAL_LOCALE_HANDLE) return this.global;
    return this.objects.get(handle) ?? this.objects.get(this.cObject)!;
  }

  /** A NUL-terminated copy of `text` (bytes = char codes) in guest memory, made once. */
  cString(text: string): number {
    let address = this.strings.get(text);
    if (address === undefined) {
      address = this.libc.data.allocate(text.length + 1, 1);
      for (let i = 0; i < text.length; i++) this.libc.memory.bytes[address + i] = text.charCodeAt(i) & 0xff;
      this.strings.set(text, address);
    }
    return address;
  }

  /** A wchar_t (UTF-32) copy of `text`, NUL-terminated, made once. */
  wideString(text: string): number {
    const key = `W:${text}`;
    let address = this.strings.get(key);
    if (address === undefined) {
      const points = [...text].map((c) => c.codePointAt(0)!);
      address = this.libc.data.allocate(4 * (points.length + 1), 4);
      for (let i = 0; i < points.length; i++) this.libc.memory.view.setUint32(address + 4 * i, points[i]!, true);
      this.strings.set(key, address);
    }
    return address;
  }

  /** Creates a guest locale_t for `locale` (heap memory, as glibc's newlocale mallocs). */
  create(locale: Locale): number {
    const address = this.libc.heap.allocate(LOCALE_STRUCT_SIZE);
    if (address === 0) return 0;
    this.objects.set(address, locale);
    this.writeObject(address, locale);
    return address;
  }

  release(address: number): void {
    if (address === this.cObject || !this.objects.delete(address)) return;
    for (const [tid, handle] of this.perThread) if (handle === address) this.perThread.delete(tid);
    this.libc.heap.release(address, 'freelocale');
  }

  private writeObject(address: number, locale: Locale): void {
    const memory = this.libc.memory;
    for (let category = 0; category < CATEGORY_LIMIT; category++) {
      const isAll = category === 6;
      storePointer(
        memory,
        address + LOCALE_DATA_OFFSET + 8 * category,
        isAll ? 0 : this.dataBlocks[locale.data[category]!]!,
      );
      storePointer(memory, address + NAMES_OFFSET + 8 * category, this.cString(isAll ? 'C' : locale.names[category]!));
    }
    // Both data sets share the C tables: C.UTF-8 classifies no byte above 0x7f either.
    const noFrame = undefined as unknown as CallFrame;
    const cell = (fn: string): number => CTYPE_FUNCTIONS[fn]!(noFrame, this.libc) as number;
    storePointer(memory, address + CTYPE_B_OFFSET, loadPointer(memory, cell('__ctype_b_loc')));
    storePointer(memory, address + CTYPE_TOLOWER_OFFSET, loadPointer(memory, cell('__ctype_tolower_loc')));
    storePointer(memory, address + CTYPE_TOUPPER_OFFSET, loadPointer(memory, cell('__ctype_toupper_loc')));
  }
}

const states = new ProcessState<LocaleState>(
  'locale/locale-state states',
  (state, child, parent) => state.copyFor(child, parent),
  (libc) => new LocaleState(libc),
);

/** The locale state of `libc`'s process (what the other locale modules reach it through). */
export function localeState(libc: LibcProcess): LocaleState {
  return states.of(libc);
}

/** The calling thread's current locale (what the locale-dependent functions without _l use). */
export function currentLocale(libc: LibcProcess): Locale {
  return localeState(libc).current;
}
