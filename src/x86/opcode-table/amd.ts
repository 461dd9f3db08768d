// AMD-only encodings: XOP (8F with map 8–A: XOP integer, TBM, LWP) and 3DNow! (0F 0F /r with
// the operation in a trailing byte, table `3DNOW`, indexed by that byte).

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** XOP map 8 multiply-accumulate: four operands (is4 register last), 128-bit, W0. */
const multiplyAccumulate: [number, string][] = [
  [0x85, 'vpmacssww'],
  [0x86, 'vpmacsswd'],
  [0x87, 'vpmacssdql'],
  [0x8e, 'vpmacssdd'],
  [0x8f, 'vpmacssdqh'],
  [0x95, 'vpmacsww'],
  [0x96, 'vpmacswd'],
  [0x97, 'vpmacsdql'],
  [0x9e, 'vpmacsdd'],
  [0x9f, 'vpmacsdqh'],
  [0xa6, 'vpmadcsswd'],
  [0xb6, 'vpmadcswd'],
];

/** XOP map 9 shifts and rotates by a vector count: W selects which source may be memory. */
const vectorShifts: [number, string][] = [
  [0x90, 'vprotb'],
  [0x91, 'vprotw'],
  [0x92, 'vprotd'],
  [0x93, 'vprotq'],
  [0x94, 'vpshlb'],
  [0x95, 'vpshlw'],
  [0x96, 'vpshld'],
  [0x97, 'vpshlq'],
  [0x98, 'vpshab'],
  [0x99, 'vpshaw'],
  [0x9a, 'vpshad'],
  [0x9b, 'vpshaq'],
];

/** XOP map 9 horizontal add/subtract: two operands. */
const horizontal: [number, string][] = [
  [0xc1, 'vphaddbw'],
  [0xc2, 'vphaddbd'],
  [0xc3, 'vphaddbq'],
  [0xc6, 'vphaddwd'],
  [0xc7, 'vphaddwq'],
  [0xcb, 'vphadddq'],
  [0xd1, 'vphaddubw'],
  [0xd2, 'vphaddubd'],
  [0xd3, 'vphaddubq'],
  [0xd6, 'vphadduwd'],
  [0xd7, 'vphadduwq'],
  [0xdb, 'vphaddudq'],
  [0xe1, 'vphsubbw'],
  [0xe2, 'vphsubwd'],
  [0xe3, 'vphsubdq'],
];

/** TBM (XOP map 9, operation in ModRM.reg): destination in vvvv. */
const tbm: [number, number, string][] = [
  [0x01, 1, 'blcfill'],
  [0x01, 2, 'blsfill'],
  [0x01, 3, 'blcs'],
  [0x01, 4, 'tzmsk'],
  [0x01, 5, 'blcic'],
  [0x01, 6, 'blsic'],
  [0x01, 7, 't1mskc'],
  [0x02, 1, 'blcmsk'],
  [0x02, 6, 'blci'],
];

/** 3DNow! operations by their trailing opcode byte. */
const now3d: [number, string][] = [
  [0x0c, 'pi2fw'],
  [0x0d, 'pi2fd'],
  [0x1c, 'pf2iw'],
  [0x1d, 'pf2id'],
  [0x8a, 'pfnacc'],
  [0x8e, 'pfpnacc'],
  [0x90, 'pfcmpge'],
  [0x94, 'pfmin'],
  [0x96, 'pfrcp'],
  [0x97, 'pfrsqrt'],
  [0x9a, 'pfsub'],
  [0x9e, 'pfadd'],
  [0xa0, 'pfcmpgt'],
  [0xa4, 'pfmax'],
  [0xa6, 'pfrcpit1'],
  [0xa7, 'pfrsqit1'],
  [0xaa, 'pfsubr'],
  [0xae, 'pfacc'],
  [0xb0, 'pfcmpeq'],
  [0xb4, 'pfmul'],
  [0xb6, 'pfrcpit2'],
  [0xb7, 'pmulhrw'],
  [0xbb, 'pswapd'],
  [0xbf, 'pavgusb'],
];

export const amdRows: readonly string[] = [
  // XOP map 8
  ...multiplyAccumulate.map(([op, name]) => `XOP.L0.NP.M8.W0 ${hex(op)} /r | ${name} Vdq,Hdq,Wdq,Ldq`),
  'XOP.NP.M8.W0 A2 /r | vpcmov Vx,Hx,Wx,Lx',
  'XOP.NP.M8.W1 A2 /r | vpcmov Vx,Hx,Lx,Wx',
  'XOP.L0.NP.M8.W0 A3 /r | vpperm Vdq,Hdq,Wdq,Ldq',
  'XOP.L0.NP.M8.W1 A3 /r | vpperm Vdq,Hdq,Ldq,Wdq',
  ...['b', 'w', 'd', 'q'].map((s, i) => `XOP.L0.NP.M8.W0 ${hex(0xc0 + i)} /r | vprot${s} Vdq,Wdq,Ib`),
  ...['b', 'w', 'd', 'q'].map((s, i) => `XOP.L0.NP.M8.W0 ${hex(0xcc + i)} /r | vpcom${s} Vdq,Hdq,Wdq,Ib | pred=vpcom`),
  ...['ub', 'uw', 'ud', 'uq'].map(
    (s, i) => `XOP.L0.NP.M8.W0 ${hex(0xec + i)} /r | vpcom${s} Vdq,Hdq,Wdq,Ib | pred=vpcom`,
  ),
  // XOP map 9
  ...tbm.map(([op, reg, name]) => `XOP.L0.NP.M9 ${hex(op)} /${reg} | ${name} By,Ey`),
  'XOP.L0.NP.M9 12 /0 reg | llwpcb Ry',
  'XOP.L0.NP.M9 12 /1 reg | slwpcb Ry',
  'XOP.NP.M9.W0 80 /r | vfrczps Vx,Wx',
  'XOP.NP.M9.W0 81 /r | vfrczpd Vx,Wx',
  'XOP.L0.NP.M9.W0 82 /r | vfrczss Vdq,Wd',
  'XOP.L0.NP.M9.W0 83 /r | vfrczsd Vdq,Wq',
  ...vectorShifts.flatMap(([op, name]) => [
    `XOP.L0.NP.M9.W0 ${hex(op)} /r | ${name} Vdq,Wdq,Hdq`,
    `XOP.L0.NP.M9.W1 ${hex(op)} /r | ${name} Vdq,Hdq,Wdq`,
  ]),
  ...horizontal.map(([op, name]) => `XOP.L0.NP.M9.W0 ${hex(op)} /r | ${name} Vdq,Wdq`),
  // XOP map A
  'XOP.L0.NP.MA 10 /r | bextr Gy,Ey,Id',
  'XOP.L0.NP.MA 12 /0 | lwpins By,Ed,Id',
  'XOP.L0.NP.MA 12 /1 | lwpval By,Ed,Id',
  // 3DNow!
  ...now3d.map(([op, name]) => `3DNOW 0F ${hex(op)} /r | ${name} Pq,Qq`),
];
