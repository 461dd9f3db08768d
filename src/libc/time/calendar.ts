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
