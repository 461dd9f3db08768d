// POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0", "<+03>-3", "UTC0") as glibc 2.36's tzset.c reads
// and applies them: names of at least three letters or <quoted>, offsets west of Greenwich
// (hh[:mm[:ss]], clamped), rules Jn / n / Mm.w.d with an optional /time, the US rules when a DST
// name has none. The quirks are glibc's and kept on purpose: a change time is computed from
// 1970-01-01 for years up to 1970, and the hemisphere is decided by the order of the two
// changes within the UTC year of the instant asked about.

const SECONDS_PER_DAY = 86400;
/** Days before each month (0-based) in common and leap years (glibc's __mon_yday). */
export const MONTH_START_DAYS: readonly (readonly number[])[] = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
];

export const enum RuleKind {
  /** n: zero-based day of the year, Feb 29 counted. */
  DayOfYear = 0,
  /** Jn: one-based day of the year, Feb 29 never counted. */
  Julian = 1,
  /** Mm.w.d: day d of week w (5 = last) of month m. */
  MonthWeekDay = 2,
}

/** One half of a POSIX TZ (glibc's tz_rule): [0] is standard time, [1] daylight time. */
export interface TzRule {
  name: string;
  /** Seconds east of UTC (the TZ string's sign inverted). */
  offset: number;
  kind: RuleKind;
  month: number;
  week: number;
  day: number;
  /** Local time of day of the change, seconds (may be negative or past 24 h). */
  seconds: number;
  /** The change as seconds since the epoch, for `computedFor`. */
  change: number;
  computedFor: number;
}

function emptyRule(): TzRule {
  return {
    name: '',
    offset: 0,
    kind: RuleKind.DayOfYear,
    month: 0,
    week: 0,
    day: 0,
    seconds: 0,
    change: 0,
    computedFor: -1,
  };
}

/** UTC with empty names: what glibc uses when TZ names no file and cannot be parsed at all. */
export function utcRules(): [TzRule, TzRule] {
  const rules: [TzRule, TzRule] = [emptyRule(), emptyRule()];
  rules[0].change = rules[1].change = -1;
  return rules;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** sscanf's %hu: decimal digits (value modulo 65536); undefined when there is none. */
function scanUnsignedShort(text: string, at: number): { value: number; end: number } | undefined {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n') i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  if (!isDigit(text[i])) return undefined;
  let value = 0;
  while (isDigit(text[i])) value = (value * 10 + Number(text[i++])) % 65536;
  return { value: negative ? (65536 - value) % 65536 : value, end: i };
}

/** sscanf(tz, "%hu%n:%hu%n:%hu%n"): up to three fields, `consumed` after the last one read. */
function scanHms(text: string, at: number): { fields: number[]; consumed: number } {
  const fields: number[] = [];
  let consumed = at;
  let i = at;
  for (let n = 0; n < 3; n++) {
    if (n > 0) {
      if (text[i] !== ':') break;
      i++;
    }
    const scanned = scanUnsignedShort(text, i);
    if (scanned === undefined) break;
    fields.push(scanned.value);
    i = consumed = scanned.end;
  }
  return { fields, consumed };
}

class TzParser {
  at = 0;
  constructor(
    readonly text: string,
    readonly rules: [TzRule, TzRule],
  ) {}

  /** parse_tzname: three or more letters, or <three or more of [A-Za-z0-9+-]>. */
  name(which: 0 | 1): boolean {
    const text = this.text;
    let p = this.at;
    while (isAlpha(text[p])) p++;
    let start = this.at;
    let length = p - start;
    if (length < 3) {
      p = this.at;
      if (text[p++] !== '<') return false;
      start = p;
      while (isAlpha(text[p]) || isDigit(text[p]) || text[p] === '+' || text[p] === '-') p++;
      length = p - start;
      if (text[p++] !== '>' || length < 3) return false;
    }
    this.rules[which].name = text.slice(start, start + length);
    this.at = p;
    return true;
  }

  /** parse_offset: [+-]hh[:mm[:ss]], west positive; DST defaults to one hour ahead of standard time. */
  offset(which: 0 | 1): boolean {
    const text = this.text;
    let i = this.at;
    const c = text[i];
    if (which === 0 && (c === undefined || (c !== '+' && c !== '-' && !isDigit(c)))) return false;
    let sign = -1;
    if (c === '+' || c === '-') {
      sign = c === '-' ? 1 : -1;
      i++;
    }
    this.at = i;
    const { fields, consumed } = scanHms(text, i);
    if (fields.length > 0) {
      const [hh = 0, mm = 0, ss = 0] = fields;
      this.rules[which].offset = sign * (Math.min(ss, 59) + Math.min(mm, 59) * 60 + Math.min(hh, 24) * 3600);
    } else if (which === 0) {
      this.rules[0].offset = 0;
      return false;
    } else {
      this.rules[1].offset = this.rules[0].offset + 3600;
    }
    this.at = which === 0 || fields.length > 0 ? consumed : this.at;
    return true;
  }

  /** parse_rule: the date (J, digits, M, or nothing for the US default) and an optional /time. */
  rule(which: 0 | 1): boolean {
    const text = this.text;
    const rule = this.rules[which];
    let i = this.at;
    if (text[i] === ',') i++;
    const c = text[i];
    if (c === 'J' || isDigit(c)) {
      rule.kind = c === 'J' ? RuleKind.Julian : RuleKind.DayOfYear;
      if (rule.kind === RuleKind.Julian && !isDigit(text[++i])) return false;
      // strtoul: the digits (no sign possible here: the first one is a digit).
      let end = i;
      let d = 0;
      while (isDigit(text[end])) d = d * 10 + Number(text[end++]);
      if (end === i || d > 365) return false;
      if (rule.kind === RuleKind.Julian && d === 0) return false;
      rule.day = d;
      i = end;
    } else if (c === 'M') {
      rule.kind = RuleKind.MonthWeekDay;
      const month = scanUnsignedShort(text, i + 1);
      const week = month && text[month.end] === '.' ? scanUnsignedShort(text, month.end + 1) : undefined;
      const day = week && text[week.end] === '.' ? scanUnsignedShort(text, week.end + 1) : undefined;
      if (!month || !week || !day) return false;
      if (month.value < 1 || month.value > 12 || week.value < 1 || week.value > 5 || day.value > 6) return false;
      rule.month = month.value;
      rule.week = week.value;
      rule.day = day.value;
      i = day.end;
    } else if (c === undefined) {
      // No rule: the United States' since 2007 (M3.2.0 and M11.1.0, at 2:00).
      rule.kind = RuleKind.MonthWeekDay;
      rule.month = which === 0 ? 3 : 11;
      rule.week = which === 0 ? 2 : 1;
      rule.day = 0;
    } else return false;

    if (text[i] !== undefined && text[i] !== '/' && text[i] !== ',') return false;
    if (text[i] === '/') {
      i++;
      if (text[i] === undefined) return false;
      const negative = text[i] === '-';
      if (negative) i++;
      const { fields, consumed } = scanHms(text, i);
      const [hh = 2, mm = 0, ss = 0] = fields;
      i = consumed;
      rule.seconds = (negative ? -1 : 1) * (hh * 3600 + mm * 60 + ss);
    } else rule.seconds = 2 * 3600;
    rule.computedFor = -1;
    this.at = i;
    return true;
  }
}

/**
 * __tzset_parse_tz: the rules of a POSIX TZ string. Whatever could not be parsed stays UTC with
 * empty names (glibc never rejects a TZ value). Unlike glibc, a DST name without rules does not
 * consult the zoneinfo "posixrules" file: the US default rules apply.
 */
export function parsePosixTz(spec: string): [TzRule, TzRule] {
  const rules: [TzRule, TzRule] = [emptyRule(), emptyRule()];
  const parser = new TzParser(spec, rules);
  if (parser.name(0) && parser.offset(0)) {
    if (parser.at < spec.length) {
      if (parser.name(1)) parser.offset(1);
      if (parser.rule(0)) parser.rule(1);
    } else {
      rules[1].name = rules[0].name;
      rules[1].offset = rules[0].offset;
    }
  }
  return rules;
}

/** compute_change: when `rule` takes effect in `year` (seconds since the epoch, UTC). */
export function computeChange(rule: TzRule, year: number): void {
  if (year !== -1 && rule.computedFor === year) return;
  let t = 0;
  if (year > 1970) {
    // C's truncating divisions on positive values.
    const leapDays =
      Math.trunc((year - 1) / 4) -
      Math.trunc(1970 / 4) -
      (Math.trunc((year - 1) / 100) - Math.trunc(1970 / 100)) +
      (Math.trunc((year - 1) / 400) - Math.trunc(1970 / 400));
    t = ((year - 1970) * 365 + leapDays) * SECONDS_PER_DAY;
  }
  const leap = isLeapYear(year) ? 1 : 0;
  switch (rule.kind) {
    case RuleKind.Julian:
      t += (rule.day - 1) * SECONDS_PER_DAY;
      if (rule.day >= 60 && leap) t += SECONDS_PER_DAY;
      break;
    case RuleKind.DayOfYear:
      t += rule.day * SECONDS_PER_DAY;
      break;
    case RuleKind.MonthWeekDay: {
      const days = MONTH_START_DAYS[leap]!;
      t += days[rule.month - 1]! * SECONDS_PER_DAY;
      // Zeller's congruence: the weekday of the month's first day (C remainders).
      const m1 = ((rule.month + 9) % 12) + 1;
      const yy0 = rule.month <= 2 ? year - 1 : year;
      const yy1 = Math.trunc(yy0 / 100);
      const yy2 = yy0 % 100;
      let dow = (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
      if (dow < 0) dow += 7;
      let d = rule.day - dow;
      if (d < 0) d += 7;
      const monthLength = days[rule.month]! - days[rule.month - 1]!;
      for (let i = 1; i < rule.week; i++) {
        if (d + 7 >= monthLength) break;
        d += 7;
      }
      t += d * SECONDS_PER_DAY;
      break;
    }
  }
  rule.change = t - rule.offset + rule.seconds;
  rule.computedFor = year;
}

/** __tz_compute: whether instant `t` (whose UTC year is `utcYear`) is in daylight time under `rules`. */
export function isDaylightTime(rules: [TzRule, TzRule], t: number, utcYear: number): 0 | 1 {
  computeChange(rules[0], utcYear);
  computeChange(rules[1], utcYear);
  // Southern hemisphere: daylight time spans the new year.
  if (rules[0].change > rules[1].change) return t < rules[1].change || t >= rules[0].change ? 1 : 0;
  return t >= rules[0].change && t < rules[1].change ? 1 : 0;
}
