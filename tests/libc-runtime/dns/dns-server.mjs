// The name server of dns.test.ts: UDP and TCP on one port of 127.0.0.1, answering from a fixed
// zone. Names: A, AAAA, PTR and CNAME records; nx.test NXDOMAIN; fail.test SERVFAIL; nodata.test
// NOERROR without records; big.test's UDP reply is truncated (TC, no records) and its TCP reply
// has 40 A records; slow.test's first query of each id gets no reply (the client must retry).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const A = 1;
const CNAME = 5;
const PTR = 12;
const AAAA = 28;
const TXT = 16;

const v4 = (text) => Buffer.from(text.split('.').map(Number));
const v6 = (groups) => {
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  return out;
};
function encodeName(name) {
  const parts = name.split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.of(p.length), Buffer.from(p)])), Buffer.of(0)]);
}

/** The zone: name -> records [type, data]. */
const ZONE = {
  'a.test': [[A, v4('192.0.2.1')]],
  'short.test': [[A, v4('192.0.2.5')]],
  'slow.test': [[A, v4('192.0.2.4')]],
  'wrongid.test': [[A, v4('192.0.2.6')]],
  'source.test': [[A, v4('192.0.2.7')]],
  'six.test': [[AAAA, v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 6])]],
  'both.test': [
    [A, v4('192.0.2.2')],
    [AAAA, v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2])],
  ],
  'many.test': [
    [A, v4('10.1.2.3')],
    [AAAA, v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 9])],
    [A, v4('127.0.0.5')],
    [AAAA, v6([0xfd00, 0, 0, 0, 0, 0, 0, 5])],
    [A, v4('192.0.2.9')],
    [AAAA, v6([0, 0, 0, 0, 0, 0, 0, 1])],
    [AAAA, v6([0xfe80, 0, 0, 0, 0, 0, 0, 1])],
    [A, v4('169.254.1.1')],
    [AAAA, v6([0x2002, 0xc000, 0x0201, 0, 0, 0, 0, 1])],
  ],
  'alias.test': [[CNAME, encodeName('real.test')]],
  'real.test': [[A, v4('192.0.2.3')]],
  'nodata.test': [],
  'big.test': Array.from({ length: 40 }, (_, i) => [A, v4(`192.0.2.${100 + i}`)]),
  '1.2.0.192.in-addr.arpa': [[PTR, encodeName('a.test')]],
  '6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': [[PTR, encodeName('six.test')]],
};

function readQuestion(query) {
  const labels = [];
  let at = 12;
  while (query[at] !== 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]).toString('latin1'));
    at += 1 + query[at];
  }
  at++;
  return { name: labels.join('.'), type: query.readUInt16BE(at), end: at + 4 };
}

function record(owner, type, data) {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(300, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(owner), fixed, data]);
}

/** The reply to `query`; `stream` for TCP. */
function reply(query, stream) {
  const question = readQuestion(query);
  const name = question.name.toLowerCase();
  let rcode = 0;
  let truncated = false;
  const answers = [];
  if (name === 'query.test') {
    // The query itself, without its id, as hex text: what the client sent.
    const text = Buffer.from(query.subarray(2).toString('hex'));
    answers.push(record(name, TXT, Buffer.concat([Buffer.of(text.length), text])));
  } else if (name === 'fail.test') rcode = 2;
  else if (!(name in ZONE)) rcode = 3;
  else if (name === 'big.test' && !stream) truncated = true;
  else {
    let owner = name;
    for (let hops = 0; hops < 8; hops++) {
      const records = ZONE[owner] ?? [];
      const cname = records.find(([type]) => type === CNAME);
      if (cname && question.type !== CNAME) {
        answers.push(record(owner, CNAME, cname[1]));
        owner = readQuestion(Buffer.concat([Buffer.alloc(12), cname[1], Buffer.alloc(4)])).name;
        continue;
      }
      for (const [type, data] of records) if (type === question.type) answers.push(record(owner, type, data));
      break;
    }
  }
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header[2] = 0x80 | (query[2] & 0x79) | 0x04 | (truncated ? 0x02 : 0);
  header[3] = 0x80 | rcode;
  header.writeUInt16BE(1, 4);
  // The question only (an OPT record of the query is not echoed).
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

/** Starts the server on `host` and `port` (0: any free one); resolves to { port, close }. */
export async function startDnsServer(host = '127.0.0.1', wantedPort = 0) {
  const kind = host.includes(':') ? 'udp6' : 'udp4';
  const udp = createSocket(kind);
  const other = createSocket(kind);
  await new Promise((resolve) => other.bind(0, host, resolve));
  const seen = new Set();
  udp.on('message', (query, from) => {
    const name = readQuestion(query).name.toLowerCase();
    const first = !seen.has(`${name} ${query.readUInt16BE(0)}`);
    seen.add(`${name} ${query.readUInt16BE(0)}`);
    const answer = reply(query, false);
    if (name === 'slow.test' && first) return;
    if (name === 'source.test' && first) {
      // From another port: not the server's reply.
      other.send(answer, from.port, from.address);
      return;
    }
    if (name === 'wrongid.test') {
      // Another id first, then the reply.
      const wrong = Buffer.from(answer);
      wrong[1] ^= 1;
      udp.send(wrong, from.port, from.address);
    }
    udp.send(answer, from.port, from.address);
  });
  await new Promise((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(wantedPort, host, resolve);
  });
  const port = udp.address().port;
  const tcp = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (data) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + query.length);
        const answer = reply(query, true);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(answer.length);
        socket.write(Buffer.concat([prefix, answer]));
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, resolve);
  });
  return {
    port,
    close: () =>
      Promise.all([new Promise((r) => udp.close(r)), new Promise((r) => other.close(r)), new Promise((r) => tcp.close(r))]),
  };
}

if (process.argv[2] === 'serve') {
  const server = await startDnsServer(process.argv[3], Number(process.argv[4] ?? 0));
  console.log(server.port);
}
