// struct tm and the proleptic Gregorian calendar shared by gmtime, localtime, mktime and strftime:
// glibc's x86-64 layout of struct tm, days from the epoch, __offtime.
import { checkRead, checkWrite, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

export const SECONDS_PER_DAY = 86400;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** struct tm field offsets (x86-64 glibc). */
export const TM = {
  sec: 0,
  min: 4,
  hour: 8,
  mday: 12,
  mon: 16,
  year: 20,
  wday: 24,
  yday: 28,
  isdst: 32,
  gmtoff: 40,
  zone: 48,
};
export const TM_SIZE = 56;

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface BrokenDown {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  /** Years since 1900. */
  year: number;
  wday: number;
  yday: number;
  isdst: number;
  gmtoff: number;
  zone: number;
}

/** Days from 1970-01-01 to year-month-day (proleptic Gregorian; month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** __offtime: seconds since the epoch to a broken-down UTC time; undefined if the year overflows int. */
export function toBrokenDown(t: number): Omit<BrokenDown, 'zone'> | undefined {
  const days = Math.floor(t / SECONDS_PER_DAY);
  const rem = t - days * SECONDS_PER_DAY;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year - 1900 < INT_MIN || year - 1900 > INT_MAX) return undefined;
  return {
    sec: rem % 60,
    min: Math.floor(rem / 60) % 60,
    hour: Math.floor(rem / 3600),
    mday: day,
    mon: month - 1,
    year: year - 1900,
    wday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1),
    isdst: 0,
    gmtoff: 0,
  };
}

export function readTm(libc: LibcProcess, at: number): BrokenDown {
  checkRead(libc.memory, at, TM_SIZE);
  const view = libc.memory.view;
  const int = (offset: number) => view.getInt32(at + offset, true);
  return {
    sec: int(TM.sec),
    min: int(TM.min),
    hour: int(TM.hour),
    mday: int(TM.mday),
    mon: int(TM.mon),
    year: int(TM.year),
    wday: int(TM.wday),
    yday: int(TM.yday),
    isdst: int(TM.isdst),
    gmtoff: Number(view.getBigInt64(at + TM.gmtoff, true)),
    zone: loadPointer(libc.memory, at + TM.zone),
  };
}

export function writeTm(libc: LibcProcess, at: number, tm: BrokenDown): void {
  checkWrite(libc.memory, at, TM_SIZE);
  const view = libc.memory.view;
  for (const key of ['sec', 'min', 'hour', 'mday', 'mon', 'year', 'wday', 'yday', 'isdst'] as const)
    view.setInt32(at + TM[key], tm[key], true);
  view.setBigInt64(at + TM.gmtoff, BigInt(tm.gmtoff), true);
  view.setUint32(at + TM.zone, tm.zone, true);
  view.setUint32(at + TM.zone + 4, 0, true);
}

/**
 * __offtime in exact arithmetic, for times past 2^53 seconds where doubles lose the seconds:
 * `t` + `offset` as a broken-down time with the year as a BigInt (years since 1900, not cut).
 */
export function offTimeExact(
  t: bigint,
  offset: number,
): Omit<BrokenDown, 'zone' | 'isdst' | 'gmtoff' | 'year'> & { year: bigint } {
  const day = 86400n;
  // Floor division into days and seconds of the day (C's loops after a truncating one do the same).
  const total = t + BigInt(offset);
  let days = total / day;
  let rem = total % day;
  if (rem < 0n) {
    rem += day;
    days -= 1n;
  }
  const seconds = Number(rem);
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const mday = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  const year = yoe + era * 400n + (month <= 2 ? 1n : 0n);
  const leap = year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n);
  const monthStarts = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  return {
    sec: seconds % 60,
    min: Math.floor(seconds / 60) % 60,
    hour: Math.floor(seconds / 3600),
    mday,
    mon: month - 1,
    year: year - 1900n,
    wday: Number((((4n + days) % 7n) + 7n) % 7n),
    yday: monthStarts[month - 1]! + (leap && month > 2 ? 1 : 0) + mday - 1,
  };
}

/**
 * What __offtime stores before it fails with EOVERFLOW: tm_hour, tm_min, tm_sec, tm_wday, and
 * tm_year cut to int (glibc stores it, then sees it does not fit). `t` exact, as time_t.
 */
export function overflowedOffTime(
  t: bigint,
  offset: number,
): Pick<BrokenDown, 'hour' | 'min' | 'sec' | 'wday' | 'year'> {
  const { hour, min, sec, wday, year } = offTimeExact(t, offset);
  return { hour, min, sec, wday, year: Number(BigInt.asIntN(32, year)) };
}
