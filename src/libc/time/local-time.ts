// Local time: tzset, localtime/localtime_r, mktime/timelocal (gnulib's __mktime_internal as in
// glibc 2.36: probing with the previous call's offset, the spring-forward gap and the
// tm_isdst search), ctime/ctime_r, asctime/asctime_r, and the variables tzname, timezone,
// daylight (with their __ aliases). The zone itself is ./time-zone.ts.
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { type BrokenDown, daysFromCivil, isLeap, MONTHS, readTm, TM_SIZE, WEEKDAYS, writeTm } from './calendar.ts';
import { MONTH_START_DAYS } from './posix-tz.ts';
import {
  daylightCell,
  type LocalTime,
  localTime,
  mktimeOffset,
  setMktimeOffset,
  timezoneCell,
  tznameCell,
  tzset,
} from './time-zone.ts';

const EINVAL = 22;
const EOVERFLOW = 75;
const INT_MAX = 2147483647;
/**
 * time_t's range as doubles (2^63 - 1 rounds to 2^63; values past 2^53 are inexact anyway, and
 * localtime already fails for years beyond int, about ±6.7e16 seconds).
 */
const TIME_MIN = -(2 ** 63);
const TIME_MAX = 2 ** 63;
/** asctime's static buffer (glibc sizes it for any int fields) and asctime_r's required one. */
const ASCTIME_STATIC_SIZE = 114;
const ASCTIME_R_SIZE = 26;

/** ydhms_diff: seconds from (year0, yday0, …) to (year1, yday1, …); years since 1900, days need not be in range. */
function ydhmsDiff(
  year1: number,
  yday1: number,
  hour1: number,
  min1: number,
  sec1: number,
  year0: number,
  yday0: number,
  hour0: number,
  min0: number,
  sec0: number,
): number {
  const days = daysFromCivil(year1 + 1900, 1, 1) - daysFromCivil(year0 + 1900, 1, 1) + yday1 - yday0;
  return ((days * 24 + hour1 - hour0) * 60 + min1 - min0) * 60 + sec1 - sec0;
}

function tmDiff(year: number, yday: number, hour: number, min: number, sec: number, tm: BrokenDown): number {
  return ydhmsDiff(year, yday, hour, min, sec, tm.year, tm.yday, tm.hour, tm.min, tm.sec);
}

function isdstDiffer(a: number, b: number): boolean {
  return !a !== !b && a >= 0 && b >= 0;
}

type Convert = (t: number) => BrokenDown | undefined;

/** ranged_convert: converts t clamped to time_t; on overflow, the nearest convertible time toward 0. */
function rangedConvert(convert: Convert, t: number): { t: number; tm: BrokenDown } | undefined {
  const t1 = t < TIME_MIN ? TIME_MIN : t <= TIME_MAX ? t : TIME_MAX;
  const direct = convert(t1);
  if (direct !== undefined) return { t: t1, tm: direct };
  let bad = t1;
  let ok = 0;
  let okTm: BrokenDown | undefined;
  for (;;) {
    // long_int_avg: rounded toward +infinity.
    const mid = Math.floor(ok / 2) + Math.floor(bad / 2) + (ok % 2 !== 0 || bad % 2 !== 0 ? 1 : 0);
    if (mid === ok || mid === bad) break;
    const tm = convert(mid);
    if (tm !== undefined) {
      ok = mid;
      okTm = tm;
    } else bad = mid;
  }
  return okTm === undefined ? undefined : { t: ok, tm: okTm };
}

/** The requested local time, in range (seconds clamped to 0–59) and as days of the year. */
interface Target {
  year: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  isdst: number;
}

/**
 * The probing part of __mktime_internal (up to "offset_found"): from the first guess t0, the time
 * whose conversion gives the target fields, or the gap's answer, then a neighbour with the
 * requested tm_isdst if that differs.
 */
function probe(
  libc: LibcProcess,
  target: Target,
  t0: number,
  convert: Convert,
): { t: number; tm: BrokenDown } | undefined {
  const { year, yday, hour, min, sec, isdst } = target;
  let remainingProbes = 6;
  let dst2 = 0;
  let t = t0;
  let t1 = t0;
  let t2 = t0;
  let tm: BrokenDown;
  for (;;) {
    const converted = rangedConvert(convert, t);
    if (converted === undefined) return undefined;
    t = converted.t;
    tm = converted.tm;
    const dt = tmDiff(year, yday, hour, min, sec, tm);
    if (dt === 0) break;
    const tmDst = tm.isdst !== 0 ? 1 : 0;
    if (t === t1 && t !== t2 && (tm.isdst < 0 || (isdst < 0 ? dst2 <= tmDst : (isdst !== 0) !== (tm.isdst !== 0)))) {
      // Oscillating between two values: the requested time is in a spring-forward gap of size dt
      // (with no tm_isdst requested, the daylight-time answer is preferred).
      return { t, tm };
    }
    if (--remainingProbes === 0) {
      libc.errno = EOVERFLOW;
      return undefined;
    }
    t1 = t2;
    t2 = t;
    t += dt;
    dst2 = tm.isdst !== 0 ? 1 : 0;
  }
  if (!isdstDiffer(isdst, tm.isdst)) return { t, tm };
  // The wrong tm_isdst: probe neighbours (the shortest DST period in tzdata apart) for the
  // requested one and use its offset; none within half the longest DST period: EOVERFLOW.
  const stride = 601200;
  const durationMax = 536454000;
  const deltaBound = durationMax / 2 + stride;
  for (let delta = stride; delta < deltaBound; delta += stride) {
    for (let direction = -1; direction <= 1; direction += 2) {
      const other = rangedConvert(convert, t + delta * direction);
      if (other === undefined) return undefined;
      if (isdstDiffer(isdst, other.tm.isdst)) continue;
      const gt = other.t + tmDiff(year, yday, hour, min, sec, other.tm);
      if (TIME_MIN <= gt && gt <= TIME_MAX) {
        const gtm = convert(gt);
        if (gtm !== undefined) return { t: gt, tm: gtm };
        if (libc.errno !== EOVERFLOW) return undefined;
      }
    }
  }
  libc.errno = EOVERFLOW;
  return undefined;
}

/** __mktime_internal: the time_t of the local time in `requested`, and its normalised fields; undefined with errno. */
export function mktimeInternal(
  libc: LibcProcess,
  requested: BrokenDown,
  convert: Convert,
): { t: number; tm: BrokenDown } | undefined {
  const { min, hour, mday, mon, isdst } = requested;
  const monRemainder = mon % 12;
  const negativeMonRemainder = monRemainder < 0 ? 1 : 0;
  const monYears = Math.trunc(mon / 12) - negativeMonRemainder;
  const year = requested.year + monYears;
  const monYday = MONTH_START_DAYS[isLeap(year + 1900) ? 1 : 0]![monRemainder + 12 * negativeMonRemainder]! - 1;
  const yday = monYday + mday;
  const secRequested = requested.sec;
  // Leap seconds possible (glibc's setting): probe with seconds in range, restore them at the end.
  const sec = Math.min(Math.max(secRequested, 0), 59);
  const negativeOffsetGuess = -mktimeOffset(libc);
  const t0 = ydhmsDiff(year, yday, hour, min, sec, 70, 0, 0, 0, negativeOffsetGuess);
  const found = probe(libc, { year, yday, hour, min, sec, isdst }, t0, convert);
  if (found === undefined) return undefined;
  let { t, tm } = found;
  // The offset this call found (t - t0 - negative guess) is the next call's first guess.
  setMktimeOffset(libc, t - t0 - negativeOffsetGuess);
  if (secRequested !== tm.sec) {
    let adjustment = sec === 0 && tm.sec === 60 ? 1 : 0;
    adjustment -= sec;
    adjustment += secRequested;
    t += adjustment;
    const adjusted = TIME_MIN <= t && t <= TIME_MAX ? convert(t) : undefined;
    if (adjusted === undefined) {
      libc.errno = EOVERFLOW;
      return undefined;
    }
    tm = adjusted;
  }
  return { t, tm };
}

/** mktime: tzset, then the search with localtime_r as the conversion. */
export function mktimeOf(libc: LibcProcess, requested: BrokenDown): { t: number; tm: BrokenDown } | undefined {
  tzset(libc);
  return mktimeInternal(libc, requested, (t) => localTime(libc, t, false));
}

function mktime(libc: LibcProcess, at: number): number {
  const result = mktimeOf(libc, readTm(libc, at));
  if (result === undefined) return -1;
  writeTm(libc, at, result.tm);
  return result.t;
}

function readTime(libc: LibcProcess, pointer: number): number {
  checkRead(libc.memory, pointer, 8);
  return Number(libc.memory.view.getBigInt64(pointer, true));
}

function staticTm(libc: LibcProcess): number {
  return libc.objectAddress('<time:tm>', () => libc.data.allocate(TM_SIZE, 8));
}

function localtimeInto(libc: LibcProcess, timePointer: number, result: number, rereadTz: boolean): number {
  const tm: LocalTime | undefined = localTime(libc, readTime(libc, timePointer), rereadTz);
  if (tm === undefined) return 0;
  writeTm(libc, result, tm);
  return result;
}

/** "%.2d": at least two digits, the sign before them. */
function twoDigits(value: number): string {
  return value < 0 ? `-${String(-value).padStart(2, '0')}` : String(value).padStart(2, '0');
}

/** asctime_internal: "Www Mmm dd hh:mm:ss yyyy\n" into `buffer` of `size` bytes (snprintf's truncation, EOVERFLOW). */
function asctimeInto(libc: LibcProcess, tmAddress: number, buffer: number, size: number): number {
  if (tmAddress === 0) {
    libc.errno = EINVAL;
    return 0;
  }
  const tm = readTm(libc, tmAddress);
  if (tm.year > INT_MAX - 1900) {
    libc.errno = EOVERFLOW;
    return 0;
  }
  const day = tm.wday < 0 || tm.wday >= 7 ? '???' : WEEKDAYS[tm.wday]!.slice(0, 3);
  const month = tm.mon < 0 || tm.mon >= 12 ? '???' : MONTHS[tm.mon]!.slice(0, 3);
  const text =
    `${day} ${month}${String(tm.mday).padStart(3, ' ')} ${twoDigits(tm.hour)}:${twoDigits(tm.min)}:` +
    `${twoDigits(tm.sec)} ${tm.year + 1900}\n`;
  const bytes = Buffer.from(text, 'latin1');
  const written = Math.min(bytes.length, size - 1);
  checkWrite(libc.memory, buffer, written + 1);
  libc.memory.bytes.set(bytes.subarray(0, written), buffer);
  libc.memory.bytes[buffer + written] = 0;
  if (bytes.length >= size) {
    libc.errno = EOVERFLOW;
    return 0;
  }
  return buffer;
}

function asctimeStatic(libc: LibcProcess): number {
  return libc.objectAddress('<time:asctime>', () => libc.data.allocate(ASCTIME_STATIC_SIZE, 1));
}

export const LOCAL_TIME_FUNCTIONS: FunctionTable = {
  tzset: (_f, libc) => {
    tzset(libc);
    return undefined;
  },
  localtime: (f, libc) => localtimeInto(libc, f.ptr(0), staticTm(libc), true),
  localtime_r: (f, libc) => localtimeInto(libc, f.ptr(0), f.ptr(1), false),
  mktime: (f, libc) => mktime(libc, f.ptr(0)),
  timelocal: (f, libc) => mktime(libc, f.ptr(0)),
  asctime: (f, libc) => asctimeInto(libc, f.ptr(0), asctimeStatic(libc), ASCTIME_STATIC_SIZE),
  asctime_r: (f, libc) => asctimeInto(libc, f.ptr(0), f.ptr(1), ASCTIME_R_SIZE),
  // ctime is asctime(localtime(t)): both static buffers are the ones those functions return.
  ctime: (f, libc) =>
    asctimeInto(libc, localtimeInto(libc, f.ptr(0), staticTm(libc), true), asctimeStatic(libc), ASCTIME_STATIC_SIZE),
  ctime_r: (f, libc) => {
    // A struct tm of the call's own below the caller's stack pointer (the red zone is ours).
    const tm = f.sp - 128;
    return asctimeInto(libc, localtimeInto(libc, f.ptr(0), tm, false), f.ptr(1), ASCTIME_R_SIZE);
  },
};

export const LOCAL_TIME_OBJECTS: ObjectTable = {
  tzname: (libc) => tznameCell(libc),
  __tzname: (libc) => tznameCell(libc),
  timezone: (libc) => timezoneCell(libc),
  __timezone: (libc) => timezoneCell(libc),
  daylight: (libc) => daylightCell(libc),
  __daylight: (libc) => daylightCell(libc),
};
