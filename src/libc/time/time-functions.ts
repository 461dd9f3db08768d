// time.h in UTC — time, clock_gettime, gettimeofday, clock, difftime, gmtime/gmtime_r, timegm —
// and strftime in the C locale with glibc 2.36's conversions, flags (_ - 0 ^ #), widths and year
// rules; its %Z, %z and %s use the local time zone as glibc's do (./local-time.ts, ./time-zone.ts).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cStringLength } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import {
  type BrokenDown,
  daysFromCivil,
  isLeap,
  MONTHS,
  readTm,
  SECONDS_PER_DAY,
  TM_SIZE,
  toBrokenDown,
  WEEKDAYS,
  writeTm,
} from './calendar.ts';
import { mktimeOf } from './local-time.ts';
import { POSIX_TIMER_FUNCTIONS } from './posix-timer-functions.ts';
import { STRPTIME_FUNCTIONS } from './strptime.ts';
import { zoneNameForIsdst } from './time-zone.ts';

const EOVERFLOW = 75;
const CLOCK_PROCESS_CPUTIME_ID = 2;

/** The "GMT" string gmtime's results point tm_zone at. */
function gmtName(libc: LibcProcess): number {
  return libc.objectAddress('<time:GMT>', () => {
    const at = libc.data.allocate(4, 1);
    libc.memory.bytes.set([0x47, 0x4d, 0x54, 0], at);
    return at;
  });
}

function gmtimeInto(libc: LibcProcess, timePointer: number, result: number): number {
  checkRead(libc.memory, timePointer, 8);
  const t = Number(libc.memory.view.getBigInt64(timePointer, true));
  const tm = toBrokenDown(t);
  if (tm === undefined) {
    libc.errno = EOVERFLOW;
    return 0;
  }
  writeTm(libc, result, { ...tm, zone: gmtName(libc) });
  return result;
}

/** timegm: normalises the fields (any out-of-range values carry), stores the result back. */
function timegm(libc: LibcProcess, at: number): number {
  const tm = readTm(libc, at);
  const totalMonths = tm.year * 12 + tm.mon;
  const year = Math.floor(totalMonths / 12) + 1900;
  const month = totalMonths - Math.floor(totalMonths / 12) * 12;
  const days = daysFromCivil(year, month + 1, 1) + tm.mday - 1;
  const t = days * SECONDS_PER_DAY + tm.hour * 3600 + tm.min * 60 + tm.sec;
  const normal = toBrokenDown(t);
  if (normal === undefined) {
    libc.errno = EOVERFLOW;
    return -1;
  }
  writeTm(libc, at, { ...normal, zone: gmtName(libc) });
  return t;
}

// ---- strftime ----

/** ISO 8601 week-based year and week of a broken-down time (glibc's iso_week_days). */
function isoWeek(tm: BrokenDown): { year: number; week: number } {
  const isoWeekDays = (yday: number, wday: number) => {
    const bigEnough = 382;
    return yday - ((yday - wday + bigEnough) % 7) + 3;
  };
  let year = tm.year + 1900;
  let days = isoWeekDays(tm.yday, tm.wday);
  if (days < 0) {
    year--;
    days = isoWeekDays(tm.yday + (isLeap(year) ? 366 : 365), tm.wday);
  } else {
    const next = isoWeekDays(tm.yday - (isLeap(year) ? 366 : 365), tm.wday);
    if (next >= 0) {
      year++;
      days = next;
    }
  }
  return { year, week: Math.floor(days / 7) + 1 };
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

class StrftimeWriter {
  out = '';
  constructor(
    private readonly libc: LibcProcess,
    private readonly tm: BrokenDown,
  ) {}

  private pad(text: string, width: number, padChar: string, negative = false): void {
    if (text.length >= width) {
      this.out += negative ? `-${text}` : text;
      return;
    }
    if (padChar === '0')
      this.out += (negative ? '-' : '') + '0'.repeat(width - text.length - (negative ? 1 : 0)) + text;
    else this.out += ' '.repeat(width - text.length - (negative ? 1 : 0)) + (negative ? '-' : '') + text;
  }

  /** DO_NUMBER: at least `digits` digits, zero-padded unless the flag says otherwise. */
  number(value: number, digits: number, flag: string, width: number, spacePad = false): void {
    const negative = value < 0;
    let text = String(Math.abs(value));
    const padChar = flag === '_' || (spacePad && flag !== '0') ? ' ' : '0';
    if (flag !== '-') {
      if (padChar === '0') text = text.padStart(digits - (negative ? 1 : 0), '0');
      else text = text.padStart(digits - (negative ? 1 : 0), ' ');
    }
    if (flag === '-') {
      this.out += (negative ? '-' : '') + text;
      return;
    }
    if (padChar === ' ' && text.startsWith(' ') && negative) {
      const trimmed = text.trimStart();
      text = `${' '.repeat(text.length - trimmed.length)}-${trimmed}`;
      this.pad(text, width, padChar);
      return;
    }
    this.pad(text, width, padChar, negative);
  }

  text(value: string, flag: string, width: number, upper: boolean, swapCase: boolean): void {
    let s = value;
    if (upper) s = s.toUpperCase();
    else if (swapCase) s = s.toUpperCase();
    // A width pads text even with the '-' flag (which only stops number padding).
    this.pad(s, width, flag === '0' ? '0' : ' ');
  }

  run(format: string): void {
    const tm = this.tm;
    for (let i = 0; i < format.length; i++) {
      const ch = format[i]!;
      if (ch !== '%') {
        this.out += ch;
        continue;
      }
      let flag = '';
      let upper = false;
      let swapCase = false;
      const start = i;
      for (;;) {
        const f = format[i + 1];
        if (f === '_' || f === '-' || f === '0') flag = f;
        else if (f === '^') upper = true;
        else if (f === '#') swapCase = true;
        else break;
        i++;
      }
      let width = -1;
      while (format[i + 1] !== undefined && format[i + 1]! >= '0' && format[i + 1]! <= '9') {
        width = (width < 0 ? 0 : width) * 10 + Number(format[i + 1]);
        i++;
      }
      if (format[i + 1] === 'E' || format[i + 1] === 'O') i++;
      const conversion = format[++i];
      const w = width < 0 ? 0 : width;
      const hour12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
      const year = tm.year + 1900;
      switch (conversion) {
        case '%':
          this.pad('%', w, flag === '0' ? '0' : ' ');
          break;
        case 'a':
          this.text(weekday(tm).slice(0, 3), flag, w, upper, swapCase);
          break;
        case 'A':
          this.text(weekday(tm), flag, w, upper, swapCase);
          break;
        case 'b':
        case 'h':
          this.text(month(tm).slice(0, 3), flag, w, upper, swapCase);
          break;
        case 'B':
          this.text(month(tm), flag, w, upper, swapCase);
          break;
        case 'c':
          this.sub('%a %b %e %H:%M:%S %Y', flag, w, upper);
          break;
        case 'C':
          this.number(Math.floor(year / 100), 1, flag, w);
          break;
        case 'd':
          this.number(tm.mday, 2, flag, w);
          break;
        case 'D':
        case 'x':
          this.sub('%m/%d/%y', flag, w, upper);
          break;
        case 'e':
          this.number(tm.mday, 2, flag, w, true);
          break;
        case 'F':
          this.sub('%Y-%m-%d', flag, w, upper);
          break;
        case 'g':
          this.number(mod(isoWeek(tm).year, 100), 2, flag, w);
          break;
        case 'G':
          this.number(isoWeek(tm).year, 1, flag, w);
          break;
        case 'H':
          this.number(tm.hour, 2, flag, w);
          break;
        case 'I':
          this.number(hour12, 2, flag, w);
          break;
        case 'j':
          this.number(tm.yday + 1, 3, flag, w);
          break;
        case 'k':
          this.number(tm.hour, 2, flag, w, true);
          break;
        case 'l':
          this.number(hour12, 2, flag, w, true);
          break;
        case 'm':
          this.number(tm.mon + 1, 2, flag, w);
          break;
        case 'M':
          this.number(tm.min, 2, flag, w);
          break;
        case 'n':
          this.pad('\n', w, ' ');
          break;
        case 't':
          this.pad('\t', w, ' ');
          break;
        case 'p':
          this.text(tm.hour >= 12 ? 'PM' : 'AM', flag, w, upper, false);
          if (swapCase) this.out = this.out.slice(0, -2) + this.out.slice(-2).toLowerCase();
          break;
        case 'P':
          this.text(tm.hour >= 12 ? 'pm' : 'am', flag, w, false, false);
          break;
        case 'r':
          this.sub('%I:%M:%S %p', flag, w, upper);
          break;
        case 'R':
          this.sub('%H:%M', flag, w, upper);
          break;
        case 'S':
          this.number(tm.sec, 2, flag, w);
          break;
        case 'T':
        case 'X':
          this.sub('%H:%M:%S', flag, w, upper);
          break;
        case 'u':
          this.number(((tm.wday - 1 + 7) % 7) + 1, 1, flag, w);
          break;
        case 'U':
          this.number(Math.floor((tm.yday - tm.wday + 7) / 7), 2, flag, w);
          break;
        case 'V':
          this.number(isoWeek(tm).week, 2, flag, w);
          break;
        case 'w':
          this.number(tm.wday, 1, flag, w);
          break;
        case 'W':
          this.number(Math.floor((tm.yday - ((tm.wday - 1 + 7) % 7) + 7) / 7), 2, flag, w);
          break;
        case 'y':
          this.number(mod(year, 100), 2, flag, w);
          break;
        case 'Y':
          this.number(year, 1, flag, w);
          break;
        case 'z': {
          // No offset is known for a time whose DST status is unknown.
          if (tm.isdst < 0) break;
          const off = tm.gmtoff;
          const abs = Math.abs(off);
          const value = Math.floor(abs / 3600) * 100 + Math.floor((abs / 60) % 60);
          const digits = String(value).padStart(4, '0');
          this.pad(`${off < 0 ? '-' : '+'}${digits}`, w, flag === '_' ? ' ' : '0');
          break;
        }
        case 'Z': {
          // glibc: tm_zone, or when it is NULL or empty, tzname[tm_isdst] after a tzset.
          let zone = tm.zone === 0 ? '' : zoneText(this.libc, tm.zone);
          if (zone === '' && tm.isdst >= 0) zone = zoneNameForIsdst(this.libc, tm.isdst);
          this.text(swapCase ? zone.toLowerCase() : zone, flag, w, upper, false);
          break;
        }
        case 's': {
          // Seconds since the epoch of the fields read as local time (mktime of a copy).
          const found = mktimeOf(this.libc, { ...tm });
          this.number(found === undefined ? -1 : found.t, 1, flag, w);
          break;
        }
        default:
          // An unknown conversion is copied as is (glibc's bad_format).
          this.out += format.slice(start, i + 1);
      }
    }
  }

  private sub(format: string, flag: string, width: number, upper: boolean): void {
    const inner = new StrftimeWriter(this.libc, this.tm);
    inner.run(upper ? format.replace(/%/g, '%^') : format);
    this.pad(inner.out, flag === '-' ? 0 : width, flag === '0' ? '0' : ' ');
  }
}

function weekday(tm: BrokenDown): string {
  return tm.wday >= 0 && tm.wday < 7 ? WEEKDAYS[tm.wday]! : '?';
}

function month(tm: BrokenDown): string {
  return tm.mon >= 0 && tm.mon < 12 ? MONTHS[tm.mon]! : '?';
}

function zoneText(libc: LibcProcess, at: number): string {
  const length = cStringLength(libc.memory, at);
  return Buffer.from(libc.memory.bytes.subarray(at, at + length)).toString('latin1');
}

/** What strftime writes for `formatText` and the tm at `tmAddress`, as text (one char a byte). */
function formatTime(libc: LibcProcess, formatText: string, tmAddress: number): string {
  const writer = new StrftimeWriter(libc, readTm(libc, tmAddress));
  writer.run(formatText);
  return writer.out;
}

/**
 * wcsftime: strftime over wide characters. The conversions produce the same characters in the
 * C and C.UTF-8 locales (ASCII, and a zone name from TZ); other characters of the format are
 * copied as they are. Like strftime, 0 when the result and its NUL do not fit in `max` wchar_t.
 */
function wcsftime(libc: LibcProcess, destination: number, max: number, format: number, tmAddress: number): number {
  const view = libc.memory.view;
  let formatText = '';
  for (let at = format; ; at += 4) {
    const c = view.getUint32(at, true);
    if (c === 0) break;
    formatText += String.fromCodePoint(c);
  }
  const out = [...formatTime(libc, formatText, tmAddress)];
  if (out.length >= max) return 0;
  checkWrite(libc.memory, destination, 4 * (out.length + 1));
  for (let i = 0; i < out.length; i++) view.setUint32(destination + 4 * i, out[i]!.codePointAt(0)!, true);
  view.setUint32(destination + 4 * out.length, 0, true);
  return out.length;
}

export function strftime(
  libc: LibcProcess,
  destination: number,
  max: number,
  format: number,
  tmAddress: number,
): number {
  const length = cStringLength(libc.memory, format);
  const formatText = Buffer.from(libc.memory.bytes.subarray(format, format + length)).toString('latin1');
  const bytes = Buffer.from(formatTime(libc, formatText, tmAddress), 'latin1');
  if (bytes.length >= max) return 0;
  checkWrite(libc.memory, destination, bytes.length + 1);
  libc.memory.bytes.set(bytes, destination);
  libc.memory.bytes[destination + bytes.length] = 0;
  return bytes.length;
}

function staticTm(libc: LibcProcess): number {
  return libc.objectAddress('<time:tm>', () => libc.data.allocate(TM_SIZE, 8));
}

/**
 * settimeofday as glibc 2.36: a time zone alone goes to the system call (settimezone), both at
 * once are EINVAL, a time alone becomes clock_settime(CLOCK_REALTIME) of the timeval in ns.
 */
function settimeofday(libc: LibcProcess, tv: number, tz: number): number {
  if (tz !== 0) {
    if (tv !== 0) {
      libc.errno = Errno.EINVAL;
      return -1;
    }
    return libc.sysResult(libc.sys(Sys.settimeofday, 0, tz));
  }
  checkRead(libc.memory, tv, 16);
  const view = libc.memory.view;
  const ts = libc.scratch;
  view.setBigInt64(ts, view.getBigInt64(tv, true), true);
  view.setBigInt64(ts + 8, view.getBigInt64(tv + 8, true) * 1000n, true);
  return libc.sysResult(libc.sys(Sys.clock_settime, 0, ts));
}

export const TIME_FUNCTIONS: FunctionTable = {
  time: (f, libc) => {
    const t = libc.sys(Sys.time, 0);
    const at = f.ptr(0);
    if (at !== 0) {
      checkWrite(libc.memory, at, 8);
      libc.memory.view.setBigInt64(at, BigInt(t), true);
    }
    return t;
  },
  clock_gettime: (f, libc) => libc.sysResult(libc.sys(Sys.clock_gettime, f.int(0), f.ptr(1))),
  clock_getres: (f, libc) => libc.sysResult(libc.sys(Sys.clock_getres, f.int(0), f.ptr(1))),
  gettimeofday: (f, libc) => libc.sysResult(libc.sys(Sys.gettimeofday, f.ptr(0), f.ptr(1))),
  clock_settime: (f, libc) => libc.sysResult(libc.sys(Sys.clock_settime, f.int(0), f.ptr(1))),
  settimeofday: (f, libc) => settimeofday(libc, f.ptr(0), f.ptr(1)),
  clock: (_f, libc) => {
    const ts = libc.scratch;
    if (libc.sys(Sys.clock_gettime, CLOCK_PROCESS_CPUTIME_ID, ts) < 0) return -1;
    const view = libc.memory.view;
    const seconds = Number(view.getBigInt64(ts, true));
    const nanoseconds = Number(view.getBigInt64(ts + 8, true));
    return seconds * 1000000 + Math.floor(nanoseconds / 1000);
  },
  difftime: (f) => {
    f.returnDouble(f.long(0) - f.long(1));
    return undefined;
  },
  gmtime_r: (f, libc) => gmtimeInto(libc, f.ptr(0), f.ptr(1)),
  __gmtime_r: (f, libc) => gmtimeInto(libc, f.ptr(0), f.ptr(1)),
  gmtime: (f, libc) => gmtimeInto(libc, f.ptr(0), staticTm(libc)),
  timegm: (f, libc) => timegm(libc, f.ptr(0)),
  strftime: (f, libc) => strftime(libc, f.ptr(0), f.ulong(1), f.ptr(2), f.ptr(3)),
  wcsftime: (f, libc) => wcsftime(libc, f.ptr(0), f.ulong(1), f.ptr(2), f.ptr(3)),
  ...STRPTIME_FUNCTIONS,
  ...POSIX_TIMER_FUNCTIONS,
};
