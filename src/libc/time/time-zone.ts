// The process's time zone as glibc 2.36's tzset.c and tzfile.c keep it: TZ read again by tzset,
// localtime, mktime and strftime (not by localtime_r once initialised), a TZif file (TZ unset:
// /etc/localtime; ":path", "Area/City" under TZDIR or /usr/share/zoneinfo) or else a POSIX TZ
// string, and the variables tzname, timezone and daylight that glibc updates as a side effect
// of conversions — programs read them, so the same side effects happen here, in the same order.
import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { environmentValue } from '../environment/environment.ts';
import { cStringLength, storePointer } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, copyReplacing, ProcessState } from '../runtime/process-states.ts';
import { type BrokenDown, overflowedOffTime, toBrokenDown } from './calendar.ts';
import { isDaylightTime, parsePosixTz, type TzRule, utcRules } from './posix-tz.ts';
import { parseTzif, type TzifData } from './tzif.ts';

const TZ_DEFAULT = '/etc/localtime';
const TZ_DIRECTORY = '/usr/share/zoneinfo';
const EOVERFLOW = 75;
const ST_DEV = 0;
const ST_INO = 8;
const ST_SIZE = 48;
const ST_MTIME = 88;
/** Larger files are not time zone files (glibc has no limit; this keeps a bad TZ from reading a disk image). */
const MAX_TZIF_SIZE = 1 << 22;

interface ZoneFile extends TzifData {
  path: string;
  /** dev, inode and mtime: an unchanged file is not read again (glibc's check). */
  identity: string;
  /** Offsets of standard and daylight time the file's latest transitions use (glibc's rule_stdoff/rule_dstoff). */
  ruleStandardOffset: number;
  ruleDaylightOffset: number;
}

/** A local time: the broken-down fields with tm_isdst, tm_gmtoff and tm_zone (a guest string). */
export type LocalTime = BrokenDown;

class ZoneState {
  initialised = false;
  /** TZ as last applied (glibc's old_tz), undefined before the first tzset or after a posixrules fallback. */
  oldTz: string | undefined;
  file: ZoneFile | undefined;
  useFile = false;
  rules: [TzRule, TzRule] = utcRules();
  tzname: [string | undefined, string | undefined] = ['GMT', 'GMT'];
  timezone = 0;
  daylight = 0;
  /** mktime's guess of the offset from its previous call (gnulib's localtime_offset). */
  mktimeOffset = 0;
  /** Zone name strings in guest memory (glibc's __tzstring keeps each once, for ever). */
  readonly strings = new Map<string, number>();
}

const states = new ProcessState<ZoneState>(
  'time/time-zone states',
  // The parsed zone file is not changed once read: shared; the rest is the child's copy.
  (state, child, parent) =>
    copyReplacing(state, {
      rules: copyForChild(state.rules, child, parent),
      tzname: [...state.tzname],
      strings: new Map(state.strings),
    }),
  () => new ZoneState(),
);

export function mktimeOffset(libc: LibcProcess): number {
  return states.of(libc).mktimeOffset;
}

export function setMktimeOffset(libc: LibcProcess, offset: number): void {
  states.of(libc).mktimeOffset = offset;
}

/** The guest address of a zone name string, allocated once per distinct name. */
export function zoneString(libc: LibcProcess, text: string): number {
  const state = states.of(libc);
  let at = state.strings.get(text);
  if (at === undefined) {
    const bytes = Buffer.from(text, 'latin1');
    at = libc.data.allocate(bytes.length + 1, 1);
    libc.memory.bytes.set(bytes, at);
    state.strings.set(text, at);
  }
  return at;
}

// ---- the guest variables tzname, timezone, daylight ----

function placeTzname(libc: LibcProcess): number {
  const at = libc.data.allocate(16, 8);
  storePointer(libc.memory, at, zoneString(libc, 'GMT'));
  storePointer(libc.memory, at + 8, zoneString(libc, 'GMT'));
  return at;
}

export function tznameCell(libc: LibcProcess): number {
  return libc.objectAddress('tzname', placeTzname);
}

export function timezoneCell(libc: LibcProcess): number {
  return libc.objectAddress('timezone', () => libc.data.allocate(8, 8));
}

export function daylightCell(libc: LibcProcess): number {
  return libc.objectAddress('daylight', () => libc.data.allocate(4, 4));
}

/** Cells of one variable: its own and, if a program copied the glibc alias (__tzname…), that copy too. */
function cells(libc: LibcProcess, alias: string, own: number): number[] {
  const copy = libc.currentObject(alias);
  return copy !== undefined && copy !== own ? [own, copy] : [own];
}

/** Writes tzname, timezone and daylight where the program sees them. */
function publish(libc: LibcProcess, state: ZoneState): void {
  const view = libc.memory.view;
  for (const at of cells(libc, '__tzname', tznameCell(libc))) {
    for (let i = 0; i < 2; i++) {
      const name = state.tzname[i];
      storePointer(libc.memory, at + 8 * i, name === undefined ? 0 : zoneString(libc, name));
    }
  }
  for (const at of cells(libc, '__timezone', timezoneCell(libc))) {
    view.setInt32(at, state.timezone | 0, true);
    view.setInt32(at + 4, state.timezone < 0 ? -1 : 0, true);
  }
  for (const at of cells(libc, '__daylight', daylightCell(libc))) view.setInt32(at, state.daylight, true);
}

/** update_vars: the variables from POSIX rules. */
function updateFromRules(state: ZoneState): void {
  state.daylight = state.rules[0].offset !== state.rules[1].offset ? 1 : 0;
  state.timezone = -state.rules[0].offset;
  state.tzname = [state.rules[0].name, state.rules[1].name];
}

// ---- reading a zone file through the guest's system calls ----

/** stat of the zone file; a failure leaves its errno behind, as glibc's failed fopen does (tzset may set errno). */
function statIdentity(libc: LibcProcess, path: number): { identity: string; size: number } | undefined {
  const buffer = libc.scratch;
  const result = libc.sys(Sys.newfstatat, AT_FDCWD, path, buffer, 0);
  if (result < 0) {
    libc.errno = -result;
    return undefined;
  }
  const view = libc.memory.view;
  const u64 = (offset: number) =>
    view.getUint32(buffer + offset, true) + view.getUint32(buffer + offset + 4, true) * 4294967296;
  return { identity: `${u64(ST_DEV)}:${u64(ST_INO)}:${u64(ST_MTIME)}`, size: u64(ST_SIZE) };
}

/** __tzfile_read: loads the zone file for TZ value `name`; sets useFile. */
function readZoneFile(libc: LibcProcess, state: ZoneState, name: string): void {
  const wasUsingFile = state.useFile;
  state.useFile = false;
  let path = name;
  if (!path.startsWith('/')) {
    const directory = environmentValue(libc, 'TZDIR');
    path = `${directory === undefined || directory === '' ? TZ_DIRECTORY : directory}/${path}`;
  }
  const loaded = withGuestString(libc, path, (address) => {
    const stat = statIdentity(libc, address);
    if (stat === undefined) return undefined;
    const previous = state.file;
    if (wasUsingFile && previous !== undefined && previous.path === path && previous.identity === stat.identity) {
      return previous;
    }
    const contents = readGuestFile(libc, address, MAX_TZIF_SIZE);
    const data = 'bytes' in contents ? parseTzif(contents.bytes) : undefined;
    if (data === undefined) return undefined;
    return zoneFile(path, stat.identity, data, state);
  });
  if (loaded === undefined) return;
  if (loaded.leapSecondCount > 0) {
    libc.fatal(
      `miros: time zone file ${path} has leap seconds ("right/" zones), which Miros libc does not implement\n`,
    );
  }
  if (loaded !== state.file) {
    state.file = loaded;
    initialNames(state, loaded);
  }
  state.useFile = true;
}

function zoneFile(path: string, identity: string, data: TzifData, _state: ZoneState): ZoneFile {
  const { transitions, typeIndexes, types } = data;
  let ruleStandardOffset = 0;
  let ruleDaylightOffset = 0;
  if (transitions.length === 0) ruleStandardOffset = ruleDaylightOffset = types[0]!.offset;
  else {
    let standardSet = false;
    let daylightSet = false;
    for (let i = transitions.length - 1; i >= 0; i--) {
      const type = types[typeIndexes[i]!]!;
      if (!standardSet && !type.isdst) {
        standardSet = true;
        ruleStandardOffset = type.offset;
      } else if (!daylightSet && type.isdst) {
        daylightSet = true;
        ruleDaylightOffset = type.offset;
      }
      if (standardSet && daylightSet) break;
    }
    if (!daylightSet) ruleDaylightOffset = ruleStandardOffset;
  }
  return { ...data, path, identity, ruleStandardOffset, ruleDaylightOffset };
}

/** The names, timezone and daylight a freshly read file gives (the latest transition of each kind). */
function initialNames(state: ZoneState, file: ZoneFile): void {
  const names: [string | undefined, string | undefined] = [undefined, undefined];
  for (let i = file.transitions.length - 1; i >= 0; i--) {
    const type = file.types[file.typeIndexes[i]!]!;
    if (names[type.isdst] === undefined) {
      names[type.isdst] = type.abbreviation;
      if (names[1 - type.isdst] !== undefined) break;
    }
  }
  if (names[0] === undefined) names[0] = file.types[0]!.abbreviation;
  if (names[1] === undefined) names[1] = names[0];
  state.tzname = names;
  state.daylight = file.ruleStandardOffset !== file.ruleDaylightOffset ? 1 : 0;
  state.timezone = -file.ruleStandardOffset;
}

/** tzset_internal: applies TZ if it changed (always: also re-reads it when already initialised). */
function tzsetInternal(libc: LibcProcess, state: ZoneState, always: boolean): void {
  if (state.initialised && !always) return;
  state.initialised = true;
  let tz = environmentValue(libc, 'TZ');
  if (tz === '') tz = 'Universal';
  if (tz?.startsWith(':')) tz = tz.slice(1);
  if (state.oldTz !== undefined && tz !== undefined && tz === state.oldTz) return;
  if (tz === undefined) tz = TZ_DEFAULT;
  state.oldTz = tz;
  readZoneFile(libc, state, tz);
  if (state.useFile) return;
  if (tz === '' || tz === TZ_DEFAULT) {
    state.rules = utcRules();
  } else state.rules = parsePosixTz(tz);
  updateFromRules(state);
}

/** tzset(): TZ read again; with POSIX rules tzname is set from them. */
export function tzset(libc: LibcProcess): void {
  const state = states.of(libc);
  tzsetInternal(libc, state, true);
  if (!state.useFile) state.tzname = [state.rules[0].name, state.rules[1].name];
  publish(libc, state);
}

/** The index of the transition in force at `t` plus one (the first transition after t), by binary search. */
function transitionAfter(transitions: Float64Array, t: number): number {
  let low = 0;
  let high = transitions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (t < transitions[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** __tzfile_compute for local time: isdst, gmtoff and zone name, and the variables' side effects. */
function fileLocalTime(state: ZoneState, file: ZoneFile, t: number): { isdst: number; gmtoff: number } | undefined {
  const { transitions, typeIndexes, types } = file;
  const count = transitions.length;
  const names: [string | undefined, string | undefined] = [undefined, undefined];
  let typeIndex: number;
  if (count === 0 || t < transitions[0]!) {
    // Before the first transition: the first standard-time type (or the first type).
    let i = 0;
    while (i < types.length && types[i]!.isdst) {
      if (names[1] === undefined) names[1] = types[i]!.abbreviation;
      i++;
    }
    if (i === types.length) i = 0;
    names[0] = types[i]!.abbreviation;
    if (names[1] === undefined) {
      for (let j = i; j < types.length; j++) {
        if (types[j]!.isdst) {
          names[1] = types[j]!.abbreviation;
          break;
        }
      }
    }
    typeIndex = i;
  } else if (t >= transitions[count - 1]! && file.footer !== undefined) {
    // Past the table: the footer's POSIX rules decide, and set the variables from themselves.
    const utc = toBrokenDown(t);
    if (utc !== undefined) {
      state.rules = parsePosixTz(file.footer);
      updateFromRules(state);
      const isdst = isDaylightTime(state.rules, t, utc.year + 1900);
      return { isdst, gmtoff: state.rules[isdst].offset };
    }
    typeIndex = typeIndexes[count - 1]!;
    namesFrom(names, file, count);
  } else {
    const i = transitionAfter(transitions, t);
    typeIndex = typeIndexes[i - 1]!;
    namesFrom(names, file, i);
  }
  const info = types[typeIndex]!;
  state.daylight = file.ruleStandardOffset !== file.ruleDaylightOffset ? 1 : 0;
  state.timezone = -file.ruleStandardOffset;
  if (names[0] === undefined) names[0] = types[0]!.abbreviation;
  if (names[1] === undefined) names[1] = names[0];
  state.tzname = names;
  return { isdst: info.isdst, gmtoff: info.offset };
}

/** The "found:" step: the name of the type in force, then the other kind's from the following transitions. */
function namesFrom(names: [string | undefined, string | undefined], file: ZoneFile, i: number): void {
  const { typeIndexes, types } = file;
  const current = types[typeIndexes[i - 1]!]!;
  names[current.isdst] = current.abbreviation;
  for (let j = i; j < typeIndexes.length; j++) {
    const type = types[typeIndexes[j]!]!;
    if (names[type.isdst] === undefined) {
      names[type.isdst] = type.abbreviation;
      if (names[1 - type.isdst] !== undefined) break;
    }
  }
  if (names[0] === undefined) names[0] = names[1];
}

/**
 * __tz_convert for local time: `t` as local broken-down time, or undefined with EOVERFLOW when the
 * year does not fit. `rereadTz` is localtime()'s (TZ checked again), not localtime_r's.
 */
export function localTime(libc: LibcProcess, t: number, rereadTz: boolean): LocalTime | undefined {
  const state = states.of(libc);
  tzsetInternal(libc, state, rereadTz);
  let isdst: number;
  let gmtoff: number;
  if (state.useFile && state.file !== undefined) {
    const found = fileLocalTime(state, state.file, t);
    if (found === undefined) {
      publish(libc, state);
      libc.errno = EOVERFLOW;
      return undefined;
    }
    isdst = found.isdst;
    gmtoff = found.gmtoff;
  } else {
    const utc = toBrokenDown(t);
    if (utc === undefined) {
      publish(libc, state);
      libc.errno = EOVERFLOW;
      return undefined;
    }
    isdst = isDaylightTime(state.rules, t, utc.year + 1900);
    gmtoff = state.rules[isdst].offset;
  }
  publish(libc, state);
  const local = toBrokenDown(t + gmtoff);
  if (local === undefined) {
    libc.errno = EOVERFLOW;
    return undefined;
  }
  const name = state.tzname[isdst];
  return { ...local, isdst, gmtoff, zone: name === undefined ? 0 : zoneString(libc, name) };
}

/**
 * The fields __tz_convert leaves in a struct tm when localtime_r fails with EOVERFLOW (called
 * after localTime failed for `t`): with a TZif file, the zone's tm_isdst, tm_gmtoff and tm_zone,
 * then __offtime's partial fields at that offset; with POSIX rules, __offtime's partial fields in
 * UTC (its first call, before the zone is looked at).
 */
export function overflowedLocalTimeFields(libc: LibcProcess, t: bigint): Partial<LocalTime> {
  const state = states.of(libc);
  if (state.useFile && state.file !== undefined) {
    const found = fileLocalTime(state, state.file, Number(t));
    publish(libc, state);
    if (found === undefined) return {};
    const name = state.tzname[found.isdst];
    return {
      isdst: found.isdst,
      gmtoff: found.gmtoff,
      zone: name === undefined ? 0 : zoneString(libc, name),
      ...overflowedOffTime(t, found.gmtoff),
    };
  }
  return overflowedOffTime(t, 0);
}

/** The zone name strftime's %Z prints for a struct tm whose tm_zone is NULL or empty (glibc calls tzset). */
export function zoneNameForIsdst(libc: LibcProcess, isdst: number): string {
  tzset(libc);
  const state = states.of(libc);
  if (isdst > 1) return '?';
  return state.tzname[isdst] ?? '';
}

/** The text of a guest C string (zone names). */
export function guestZoneText(libc: LibcProcess, at: number): string {
  const length = cStringLength(libc.memory, at);
  return Buffer.from(libc.memory.bytes.subarray(at, at + length)).toString('latin1');
}
