// strptime and strptime_l as glibc 2.36's __strptime_internal parses in the locales Miros has (C,
// POSIX, C.UTF-8: one LC_TIME, the C one, so the locale argument changes nothing). Kept as glibc
// has it because programs see it: the "decided" state (a failed %O in a locale without alternative
// digits decides "locale", after which %O and the era conversions fail), %Ey reading a number and
// then a two-digit year, %a's abbreviated-name check that moves the input position for the later
// names ("SunSat" is Saturday), and the tm_mon/tm_mday computation that reads past the end (and
// before the start) of __mon_yday for days of the year outside it.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { type BrokenDown, MONTHS, offTimeExact, readTm, TM, TM_SIZE, WEEKDAYS } from './calendar.ts';
import { localTime, overflowedLocalTimeFields } from './time-zone.ts';

/** C's D_T_FMT, D_FMT, T_FMT_AMPM, T_FMT, AM_STR and PM_STR. */
const DATE_TIME_FORMAT = '%a %b %e %H:%M:%S %Y';
const DATE_FORMAT = '%m/%d/%y';
const TIME_AMPM_FORMAT = '%I:%M:%S %p';
const TIME_FORMAT = '%H:%M:%S';
const AM = 'AM';
/** %c, %x, %r and %X: the locale's formats (C's). */
const LOCALE_FORMATS: Record<string, string> = {
  c: DATE_TIME_FORMAT,
  x: DATE_FORMAT,
  r: TIME_AMPM_FORMAT,
  X: TIME_FORMAT,
};
const PM = 'PM';

/**
 * glibc's __mon_yday[2][13] as one row of 26 shorts, with the shorts libc.so.6 (2.36, Debian)
 * holds next to it: index -1 and -2 are the 0 and 4 before the table, 26 on are what follows it.
 * strptime indexes outside the table for a %j of 366 in a common year and for %U/%W days of the
 * year outside it.
 */
const MON_YDAY = [
  0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365, 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335,
  366,
];
const BEFORE_MON_YDAY = [0, 4];
const AFTER_MON_YDAY = [24844, 65523, 21161, 65523, 21161, 65523, 21161, 65523];

function monYday(leap: number, month: number): number {
  const index = leap * 13 + month;
  if (index >= 0 && index < MON_YDAY.length) return MON_YDAY[index]!;
  const outside = index < 0 ? BEFORE_MON_YDAY[-index - 1] : AFTER_MON_YDAY[index - MON_YDAY.length];
  if (outside === undefined) throw new Error(`strptime: __mon_yday index ${index} is beyond the bytes recorded`);
  return outside;
}

function isLeapInt(year: number): number {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
}

/** day_of_the_week, in int arithmetic (the fields may hold anything). */
function dayOfTheWeek(tm: BrokenDown): void {
  const corrYear = (1900 + tm.year - (tm.mon < 2 ? 1 : 0)) | 0;
  const q = Math.trunc(corrYear / 4);
  const wday =
    (-473 +
      Math.imul(365, (tm.year - 70) | 0) +
      q -
      Math.trunc(q / 25) +
      (q % 25 < 0 ? 1 : 0) +
      Math.trunc(Math.trunc(q / 25) / 4) +
      monYday(0, tm.mon) +
      tm.mday -
      1) |
    0;
  tm.wday = ((wday % 7) + 7) % 7;
}

function dayOfTheYear(tm: BrokenDown): void {
  tm.yday = (monYday(isLeapInt((1900 + tm.year) | 0), tm.mon) + tm.mday - 1) | 0;
}

/** tm_mon and tm_mday from tm_yday (the loop as glibc runs it, past the table included). */
function monthAndDayFromYday(tm: BrokenDown, state: ParseState): void {
  const leap = isLeapInt((1900 + tm.year) | 0);
  let month = 0;
  while (monYday(leap, month) <= tm.yday) month++;
  if (!state.haveMon) tm.mon = month - 1;
  if (!state.haveMday) tm.mday = (tm.yday - monYday(leap, month - 1) + 1) | 0;
}

type Decided = 'not' | 'loc' | 'raw';

interface ParseState {
  haveI: boolean;
  haveWday: boolean;
  haveYday: boolean;
  haveMon: boolean;
  haveMday: boolean;
  haveUweek: boolean;
  haveWweek: boolean;
  isPm: boolean;
  wantCentury: boolean;
  wantEra: boolean;
  wantXday: boolean;
  decided: Decided;
  weekNo: number;
  century: number;
  eraCnt: number;
}

function freshState(): ParseState {
  return {
    haveI: false,
    haveWday: false,
    haveYday: false,
    haveMon: false,
    haveMday: false,
    haveUweek: false,
    haveWweek: false,
    isPm: false,
    wantCentury: false,
    wantEra: false,
    wantXday: false,
    decided: 'not',
    weekNo: 0,
    century: -1,
    eraCnt: -1,
  };
}

/** isspace in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Parsing over the input's bytes; every position past its end reads the NUL. */
class Parser {
  constructor(
    private readonly libc: LibcProcess,
    private readonly input: Uint8Array,
  ) {}

  at(position: number): number {
    return position < this.input.length ? this.input[position]! : 0;
  }

  /** match_string: a case-blind prefix match of `name`; the position after it, or undefined. */
  matchString(name: string, position: number): number | undefined {
    for (let i = 0; i < name.length; i++)
      if (lower(this.at(position + i)) !== lower(name.charCodeAt(i))) return undefined;
    return position + name.length;
  }

  /**
   * __strptime_internal. `outer` is the caller's state for a recursive call (which works on copies
   * and hands them back only on success). Returns the position after the parsed text.
   */
  parse(start: number, format: string, tmOuter: BrokenDown, outer?: ParseState): number | undefined {
    const s: ParseState = outer === undefined ? freshState() : { ...outer };
    const tm: BrokenDown = outer === undefined ? tmOuter : { ...tmOuter };
    let rp = start;
    let fi = 0;
    const fmt = (i: number) => (i < format.length ? format.charCodeAt(i) : 0);
    /** get_number: leading white space, at most `digits` digits while the value can grow within `to`. */
    const getNumber = (from: number, to: number, digits: number): number | undefined => {
      while (isSpace(this.at(rp))) rp++;
      if (!isDigit(this.at(rp))) return undefined;
      let value = 0;
      let left = digits;
      do {
        value = value * 10 + this.at(rp++) - 0x30;
      } while (--left > 0 && value * 10 <= to && isDigit(this.at(rp)));
      return value < from || value > to ? undefined : value;
    };
    /**
     * get_alt_number: C has no alternative digits, so the first try decides "locale" and reads
     * plain digits; once decided "locale", the failed alternative digit (-1, as size_t) is out of
     * range.
     */
    const getAltNumber = (from: number, to: number, digits: number): number | undefined => {
      if (s.decided !== 'raw') {
        if (s.decided === 'loc') return undefined;
        s.decided = 'loc';
      }
      return getNumber(from, to, digits);
    };
    const recursive = (newFormat: string): boolean => {
      if (newFormat === '') return false;
      const end = this.parse(rp, newFormat, tm, s);
      if (end === undefined) return false;
      rp = end;
      return true;
    };

    while (fi < format.length) {
      const fc = fmt(fi);
      if (isSpace(fc)) {
        while (isSpace(this.at(rp))) rp++;
        fi++;
        continue;
      }
      if (fc !== 0x25) {
        if (fc !== this.at(rp)) return undefined;
        fi++;
        rp++;
        continue;
      }
      fi++;
      // strftime's flags and widths are skipped.
      while ('-_0^#'.includes(format[fi] ?? '\0') && fi < format.length) fi++;
      while (isDigit(fmt(fi))) fi++;
      let conversion = format[fi++] ?? '';
      const rpBackup = rp;
      let value: number | undefined;
      // E and O: the C locale has no eras and no alternative digits.
      if (conversion === 'E') {
        const modified = format[fi++] ?? '';
        switch (modified) {
          case 'c':
          case 'x':
          case 'X': {
            // ERA_*_FMT are empty in C: the plain format, which is C's own.
            const inner = modified === 'c' ? DATE_TIME_FORMAT : modified === 'x' ? DATE_FORMAT : TIME_FORMAT;
            if (s.decided !== 'raw') {
              if (recursive(inner)) {
                if (modified === 'c') s.wantXday = true;
                continue;
              }
              if (s.decided === 'loc') return undefined;
              rp = rpBackup;
              s.decided = 'raw';
            }
            if (!recursive(inner)) return undefined;
            if (modified === 'c') s.wantXday = true;
            continue;
          }
          case 'C':
            if (s.decided !== 'raw') {
              if (s.eraCnt >= 0) return undefined;
              s.eraCnt = -1;
              if (s.decided === 'loc') return undefined;
              s.decided = 'raw';
            }
            conversion = 'C';
            break;
          case 'y':
            if (s.decided !== 'raw') {
              value = getNumber(0, 9999, 4);
              if (value === undefined) return undefined;
              tm.year = value;
              s.wantEra = true;
              s.wantXday = true;
              s.wantCentury = true;
              // No era entry contains it (there are none).
              if (s.eraCnt >= 0) return undefined;
              s.eraCnt = -1;
              if (s.decided === 'loc') return undefined;
              s.decided = 'raw';
            }
            conversion = 'y';
            break;
          case 'Y':
            if (s.decided !== 'raw') {
              s.eraCnt = -1;
              if (s.decided === 'loc') return undefined;
              rp = rpBackup;
              s.decided = 'raw';
            }
            conversion = 'Y';
            break;
          default:
            return undefined;
        }
      } else if (conversion === 'O') {
        const modified = format[fi++] ?? '';
        switch (modified) {
          case 'b':
          case 'B':
          case 'h':
            conversion = modified;
            break;
          case 'd':
          case 'e':
          case 'H':
          case 'I':
          case 'm':
          case 'M':
          case 'S':
          case 'U':
          case 'W':
          case 'V':
          case 'w':
          case 'y': {
            const range: Record<string, [number, number, number]> = {
              d: [1, 31, 2],
              e: [1, 31, 2],
              H: [0, 23, 2],
              I: [1, 12, 2],
              m: [1, 12, 2],
              M: [0, 59, 2],
              S: [0, 61, 2],
              U: [0, 53, 2],
              W: [0, 53, 2],
              V: [0, 53, 2],
              w: [0, 6, 1],
              y: [0, 99, 2],
            };
            const [from, to, digits] = range[modified]!;
            value = getAltNumber(from, to, digits);
            if (value === undefined) return undefined;
            if (modified === 'y') {
              // Unlike %y, no century is wanted.
              tm.year = value >= 69 ? value : value + 100;
              s.wantXday = true;
              continue;
            }
            conversion = `O${modified}`;
            break;
          }
          default:
            return undefined;
        }
      }

      /** The numeric conversions: %X reads with get_number, %OX has its value already. */
      const number = (from: number, to: number, digits: number): number | undefined =>
        conversion.startsWith('O') ? value : getNumber(from, to, digits);
      const base = conversion.startsWith('O') ? conversion.slice(1) : conversion;
      switch (base) {
        case '%':
          if (this.at(rp++) !== 0x25) return undefined;
          break;
        case 'a':
        case 'A': {
          const found = this.matchWeekday(rp, s);
          if (found === undefined) return undefined;
          rp = found.end;
          s.decided = found.decided;
          tm.wday = found.index;
          s.haveWday = true;
          break;
        }
        case 'b':
        case 'B':
        case 'h': {
          const found = this.matchMonth(rp, s);
          if (found === undefined) return undefined;
          rp = found.end;
          s.decided = found.decided;
          tm.mon = found.index;
          s.haveMon = true;
          s.wantXday = true;
          break;
        }
        case 'c':
        case 'x':
        case 'r':
        case 'X': {
          const inner = LOCALE_FORMATS[base]!;
          const wantsXday = base === 'c' || base === 'x';
          if (s.decided !== 'raw') {
            if (recursive(inner)) {
              if (wantsXday) s.wantXday = true;
              break;
            }
            if (s.decided === 'loc') return undefined;
            rp = rpBackup;
            s.decided = 'raw';
          }
          if (!recursive(inner)) return undefined;
          if (wantsXday) s.wantXday = true;
          break;
        }
        case 'C':
          value = getNumber(0, 99, 2);
          if (value === undefined) return undefined;
          s.century = value;
          s.wantXday = true;
          break;
        case 'd':
        case 'e':
          value = number(1, 31, 2);
          if (value === undefined) return undefined;
          tm.mday = value;
          s.haveMday = true;
          s.wantXday = true;
          break;
        case 'F':
          if (!recursive('%Y-%m-%d')) return undefined;
          s.wantXday = true;
          break;
        case 'D':
          if (!recursive(DATE_FORMAT)) return undefined;
          s.wantXday = true;
          break;
        case 'k':
        case 'H':
          value = number(0, 23, 2);
          if (value === undefined) return undefined;
          tm.hour = value;
          s.haveI = false;
          break;
        case 'l':
        case 'I':
          value = number(1, 12, 2);
          if (value === undefined) return undefined;
          tm.hour = value % 12;
          s.haveI = true;
          break;
        case 'j':
          value = getNumber(1, 366, 3);
          if (value === undefined) return undefined;
          tm.yday = value - 1;
          s.haveYday = true;
          break;
        case 'm':
          value = number(1, 12, 2);
          if (value === undefined) return undefined;
          tm.mon = value - 1;
          s.haveMon = true;
          s.wantXday = true;
          break;
        case 'M':
          value = number(0, 59, 2);
          if (value === undefined) return undefined;
          tm.min = value;
          break;
        case 'n':
        case 't':
          while (isSpace(this.at(rp))) rp++;
          break;
        case 'p': {
          // The locale's AM_STR and PM_STR are C's: both tries are the same match.
          let end = this.matchString(AM, rp);
          if (end !== undefined) s.isPm = false;
          else {
            end = this.matchString(PM, rp);
            if (end === undefined) {
              s.decided = 'raw';
              return undefined;
            }
            s.isPm = true;
          }
          rp = end;
          break;
        }
        case 'R':
          if (!recursive('%H:%M')) return undefined;
          break;
        case 'T':
          if (!recursive(TIME_FORMAT)) return undefined;
          break;
        case 's': {
          // Any number of digits into a time_t (wrapping as glibc's does), then localtime_r.
          if (!isDigit(this.at(rp))) return undefined;
          let seconds = 0n;
          do seconds = BigInt.asIntN(64, seconds * 10n + BigInt(this.at(rp++) - 0x30));
          while (isDigit(this.at(rp)));
          const local = localTime(this.libc, Number(seconds), false);
          if (local === undefined) {
            // localtime_r has stored some fields before failing; strptime returns NULL with them.
            Object.assign(tm, overflowedLocalTimeFields(this.libc, seconds));
            return undefined;
          }
          Object.assign(tm, local);
          // Past 2^53 seconds the double conversion lost seconds: the fields again, exactly.
          if (!Number.isSafeInteger(Number(seconds))) {
            const exact = offTimeExact(seconds, local.gmtoff);
            Object.assign(tm, { ...exact, year: Number(exact.year) });
          }
          break;
        }
        case 'S':
          value = number(0, 61, 2);
          if (value === undefined) return undefined;
          tm.sec = value;
          break;
        case 'u':
          value = getNumber(1, 7, 1);
          if (value === undefined) return undefined;
          tm.wday = value % 7;
          s.haveWday = true;
          break;
        case 'g':
          // A week-based year in its century determines no field.
          if (getNumber(0, 99, 2) === undefined) return undefined;
          break;
        case 'G':
          // Digits, no white space before them, and no field set.
          if (!isDigit(this.at(rp))) return undefined;
          do rp++;
          while (isDigit(this.at(rp)));
          break;
        case 'U':
        case 'W':
          value = number(0, 53, 2);
          if (value === undefined) return undefined;
          s.weekNo = value;
          if (base === 'U') s.haveUweek = true;
          else s.haveWweek = true;
          break;
        case 'V':
          if (number(0, 53, 2) === undefined) return undefined;
          break;
        case 'w':
          value = number(0, 6, 1);
          if (value === undefined) return undefined;
          tm.wday = value;
          s.haveWday = true;
          break;
        case 'y':
          value = getNumber(0, 99, 2);
          if (value === undefined) return undefined;
          // 69-99 are the twentieth century, 00-68 the twenty-first.
          tm.year = value >= 69 ? value : value + 100;
          s.wantCentury = true;
          s.wantXday = true;
          break;
        case 'Y':
          value = getNumber(0, 9999, 4);
          if (value === undefined) return undefined;
          tm.year = value - 1900;
          s.wantCentury = false;
          s.wantXday = true;
          break;
        case 'Z':
          // A zone name is read over, not converted.
          while (isSpace(this.at(rp))) rp++;
          while (!isSpace(this.at(rp)) && this.at(rp) !== 0) rp++;
          break;
        case 'z': {
          const end = this.parseOffset(rp, tm);
          if (end === undefined) return undefined;
          rp = end;
          break;
        }
        default:
          return undefined;
      }
    }

    if (outer !== undefined) {
      Object.assign(outer, s);
      Object.assign(tmOuter, tm);
      return rp;
    }
    this.finish(tm, s);
    return rp;
  }

  /** %z: white space, then Z, or a sign and hh, hhmm or hh:mm (minutes below 60). */
  private parseOffset(start: number, tm: BrokenDown): number | undefined {
    let rp = start;
    while (isSpace(this.at(rp))) rp++;
    if (this.at(rp) === 0x5a) {
      tm.gmtoff = 0;
      return rp + 1;
    }
    const sign = this.at(rp);
    if (sign !== 0x2b && sign !== 0x2d) return undefined;
    rp++;
    let value = 0;
    let digits = 0;
    while (digits < 4 && isDigit(this.at(rp))) {
      value = value * 10 + this.at(rp++) - 0x30;
      digits++;
      if (this.at(rp) === 0x3a && digits === 2 && isDigit(this.at(rp + 1))) rp++;
    }
    if (digits === 2) value *= 100;
    else if (digits !== 4) return undefined;
    else if (value % 100 >= 60) return undefined;
    const seconds = Math.floor(value / 100) * 3600 + (value % 100) * 60;
    tm.gmtoff = sign === 0x2d ? -seconds : seconds;
    return rp;
  }

  /**
   * %a/%A: the longest of the full and abbreviated names. The locale's names (C's) are tried
   * unless decided "raw", then glibc's own unless decided "loc" — whose abbreviated check advances
   * the position itself, so the later names are matched from after it.
   */
  private matchWeekday(start: number, s: ParseState): { end: number; index: number; decided: Decided } | undefined {
    let rp = start;
    let longest: number | undefined;
    let index = -1;
    let decided = s.decided;
    for (let cnt = 0; cnt < 7; cnt++) {
      const full = WEEKDAYS[cnt]!;
      const abbreviated = full.slice(0, 3);
      if (s.decided !== 'raw') {
        for (const name of [full, abbreviated]) {
          const end = this.matchString(name, rp);
          if (end !== undefined && (longest === undefined || end > longest)) {
            longest = end;
            index = cnt;
          }
        }
      }
      if (s.decided !== 'loc') {
        const endFull = this.matchString(full, rp);
        if (endFull !== undefined && (longest === undefined || endFull > longest)) {
          longest = endFull;
          index = cnt;
          decided = 'raw';
          continue;
        }
        const before = rp;
        const endAbbreviated = this.matchString(abbreviated, rp);
        if (endAbbreviated !== undefined) {
          rp = endAbbreviated;
          if (longest === undefined || before > longest) {
            longest = before;
            index = cnt;
            decided = 'raw';
          }
        }
      }
    }
    return longest === undefined ? undefined : { end: longest, index, decided };
  }

  /** %b/%B/%h: the longest of the full and abbreviated month names (C's alternative names are the same). */
  private matchMonth(rp: number, s: ParseState): { end: number; index: number; decided: Decided } | undefined {
    let longest: number | undefined;
    let index = -1;
    let decided = s.decided;
    for (let cnt = 0; cnt < 12; cnt++) {
      const full = MONTHS[cnt]!;
      const names = [full, full.slice(0, 3)];
      if (s.decided !== 'raw') {
        for (const name of names) {
          const end = this.matchString(name, rp);
          if (end !== undefined && (longest === undefined || end > longest)) {
            longest = end;
            index = cnt;
          }
        }
      }
      if (s.decided !== 'loc') {
        for (const name of names) {
          const end = this.matchString(name, rp);
          if (end !== undefined && (longest === undefined || end > longest)) {
            longest = end;
            index = cnt;
            decided = 'raw';
            break;
          }
        }
      }
    }
    return longest === undefined ? undefined : { end: longest, index, decided };
  }

  /** What the outermost call computes after the whole format matched. */
  private finish(tm: BrokenDown, s: ParseState): void {
    if (s.haveI && s.isPm) tm.hour = (tm.hour + 12) | 0;
    if (s.century !== -1) {
      if (s.wantCentury) tm.year = ((tm.year % 100) + (s.century - 19) * 100) | 0;
      // Only the century, not the year.
      else tm.year = (s.century - 19) * 100;
    }
    // No era is ever selected (C has none); an E modifier with a two-digit year wants this century.
    if (s.wantEra && s.wantCentury && s.century === -1 && tm.year < 69) tm.year = (tm.year + 100) | 0;

    if (s.wantXday && !s.haveWday) {
      if (!(s.haveMon && s.haveMday) && s.haveYday) {
        monthAndDayFromYday(tm, s);
        s.haveMon = true;
        s.haveMday = true;
      }
      if (s.haveMon || tm.mon >>> 0 <= 11) dayOfTheWeek(tm);
    }
    if (s.wantXday && !s.haveYday && (s.haveMon || tm.mon >>> 0 <= 11)) dayOfTheYear(tm);

    if ((s.haveUweek || s.haveWweek) && s.haveWday) {
      const saveWday = tm.wday;
      const saveMday = tm.mday;
      const saveMon = tm.mon;
      const wOffset = s.haveUweek ? 0 : 1;
      tm.mday = 1;
      tm.mon = 0;
      dayOfTheWeek(tm);
      if (s.haveMday) tm.mday = saveMday;
      if (s.haveMon) tm.mon = saveMon;
      if (!s.haveYday)
        tm.yday = (((7 - (tm.wday - wOffset)) % 7) + (s.weekNo - 1) * 7 + ((saveWday - wOffset + 7) % 7)) | 0;
      if (!s.haveMday || !s.haveMon) monthAndDayFromYday(tm, s);
      tm.wday = saveWday;
    }
  }
}

/** Stores the fields the parse set; the others (tm_zone may hold anything) are left untouched. */
function writeChangedFields(libc: LibcProcess, at: number, before: BrokenDown, after: BrokenDown): void {
  checkWrite(libc.memory, at, TM_SIZE);
  const view = libc.memory.view;
  for (const key of ['sec', 'min', 'hour', 'mday', 'mon', 'year', 'wday', 'yday', 'isdst'] as const)
    if (after[key] !== before[key]) view.setInt32(at + TM[key], after[key], true);
  if (after.gmtoff !== before.gmtoff) view.setBigInt64(at + TM.gmtoff, BigInt(after.gmtoff), true);
  if (after.zone !== before.zone) storePointer(libc.memory, at + TM.zone, after.zone);
}

/** strptime: the position after the parsed text, or 0; the tm keeps the fields set before a mismatch. */
function strptime(libc: LibcProcess, input: number, format: number, tmAddress: number): number {
  const formatLength = cStringLength(libc.memory, format);
  const formatText = Buffer.from(libc.memory.bytes.subarray(format, format + formatLength)).toString('latin1');
  const inputLength = cStringLength(libc.memory, input);
  const inputBytes = libc.memory.bytes.subarray(input, input + inputLength);
  const before = readTm(libc, tmAddress);
  const tm = { ...before };
  // A mismatch returns NULL with the fields set before it left in place (a recursive
  // conversion's copies are dropped inside the parser).
  const end = new Parser(libc, inputBytes).parse(0, formatText, tm);
  writeChangedFields(libc, tmAddress, before, tm);
  return end === undefined ? 0 : input + end;
}

export const STRPTIME_FUNCTIONS: FunctionTable = {
  strptime: (f, libc) => strptime(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  // Every locale Miros has uses C's LC_TIME: the locale argument does not change the parse.
  strptime_l: (f, libc) => strptime(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
};
