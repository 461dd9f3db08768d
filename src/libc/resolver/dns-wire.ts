// Reading DNS messages on the host side (RFC 1035 section 4): names with compression pointers,
// the header, questions and resource records. res_send's reply checks (res_queriesmatch) and the
// host lookups' answer parsing (nss_dns's getanswer_r) read messages through these.

export const HEADER_SIZE = 12;
export const CLASS_IN = 1;
export const TYPE_A = 1;
export const TYPE_CNAME = 5;
export const TYPE_PTR = 12;
export const TYPE_AAAA = 28;
export const RCODE_NOERROR = 0;
export const RCODE_FORMERR = 1;
export const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;
export const RCODE_NOTIMP = 4;
export const RCODE_REFUSED = 5;

/** A name read from a message: its text as ns_name_ntop writes it (no final dot), and where the name ended. */
export interface WireName {
  text: string;
  next: number;
}

/** Characters ns_name_ntop escapes with a backslash. */
const SPECIAL = new Set([0x22, 0x2e, 0x3b, 0x5c, 0x28, 0x29, 0x40, 0x24]);

/**
 * The name at `at` in the message `m` (the whole message), following compression pointers;
 * undefined when it is malformed (a loop, a pointer or label past the end, a reserved label type).
 */
export function readName(m: Uint8Array, at: number): WireName | undefined {
  const labels: string[] = [];
  let read = at;
  let next = -1;
  let jumps = 0;
  for (;;) {
    if (read >= m.length) return undefined;
    const length = m[read]!;
    if ((length & 0xc0) === 0xc0) {
      if (read + 1 >= m.length || ++jumps > 127) return undefined;
      if (next < 0) next = read + 2;
      read = ((length & 0x3f) << 8) | m[read + 1]!;
      continue;
    }
    if ((length & 0xc0) !== 0) return undefined;
    if (length === 0) {
      if (next < 0) next = read + 1;
      break;
    }
    if (read + 1 + length > m.length) return undefined;
    let label = '';
    for (const c of m.subarray(read + 1, read + 1 + length)) {
      if (SPECIAL.has(c)) label += `\\${String.fromCharCode(c)}`;
      else if (c > 0x20 && c < 0x7f) label += String.fromCharCode(c);
      else label += `\\${String(c).padStart(3, '0')}`;
    }
    labels.push(label);
    read += 1 + length;
  }
  return { text: labels.join('.'), next };
}

/** ns_samename: the same name, letters compared without case and a final dot ignored. */
export function sameName(a: string, b: string): boolean {
  const strip = (s: string) => (s.endsWith('.') && !s.endsWith('\\.') ? s.slice(0, -1) : s);
  return strip(a).toLowerCase() === strip(b).toLowerCase();
}

export interface Header {
  id: number;
  truncated: boolean;
  opcode: number;
  rcode: number;
  qdcount: number;
  ancount: number;
}

export function readHeader(m: Uint8Array): Header {
  return {
    id: (m[0]! << 8) | m[1]!,
    opcode: (m[2]! >> 3) & 0xf,
    truncated: (m[2]! & 0x02) !== 0,
    rcode: m[3]! & 0xf,
    qdcount: (m[4]! << 8) | m[5]!,
    ancount: (m[6]! << 8) | m[7]!,
  };
}

export interface Question {
  name: string;
  type: number;
  qclass: number;
}

export interface Record {
  name: string;
  type: number;
  rclass: number;
  /** Where the record's data starts in the message, and its length. */
  data: number;
  length: number;
}

/** The questions and answer records of message `m`, or undefined when it is malformed. */
export function readMessage(m: Uint8Array): { questions: Question[]; answers: Record[] } | undefined {
  if (m.length < HEADER_SIZE) return undefined;
  const header = readHeader(m);
  let at = HEADER_SIZE;
  const questions: Question[] = [];
  for (let i = 0; i < header.qdcount; i++) {
    const name = readName(m, at);
    if (name === undefined || name.next + 4 > m.length) return undefined;
    at = name.next;
    questions.push({ name: name.text, type: (m[at]! << 8) | m[at + 1]!, qclass: (m[at + 2]! << 8) | m[at + 3]! });
    at += 4;
  }
  const answers: Record[] = [];
  for (let i = 0; i < header.ancount; i++) {
    const name = readName(m, at);
    if (name === undefined || name.next + 10 > m.length) return undefined;
    at = name.next;
    const length = (m[at + 8]! << 8) | m[at + 9]!;
    if (at + 10 + length > m.length) return undefined;
    answers.push({
      name: name.text,
      type: (m[at]! << 8) | m[at + 1]!,
      rclass: (m[at + 2]! << 8) | m[at + 3]!,
      data: at + 10,
      length,
    });
    at += 10 + length;
  }
  return { questions, answers };
}

/** res_queriesmatch: the reply `reply` answers exactly the questions of `query` (1), or not (0). */
export function queriesMatch(query: Uint8Array, reply: Uint8Array): boolean {
  const q = readHeader(query);
  const r = readHeader(reply);
  // An UPDATE with no question matches a reply with none.
  if (q.opcode === 5 && r.opcode === 5 && q.qdcount === 0 && r.qdcount === 0) return true;
  if (q.qdcount !== r.qdcount) return false;
  const asked = readMessage(query.subarray(0, query.length));
  const answered = readQuestions(reply, r.qdcount);
  if (asked === undefined || answered === undefined) return false;
  return asked.questions.every((question) =>
    answered.some(
      (other) =>
        other.type === question.type && other.qclass === question.qclass && sameName(other.name, question.name),
    ),
  );
}

function readQuestions(m: Uint8Array, count: number): Question[] | undefined {
  const questions: Question[] = [];
  let at = HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const name = readName(m, at);
    if (name === undefined || name.next + 4 > m.length) return undefined;
    at = name.next;
    questions.push({ name: name.text, type: (m[at]! << 8) | m[at + 1]!, qclass: (m[at + 2]! << 8) | m[at + 3]! });
    at += 4;
  }
  return questions;
}
