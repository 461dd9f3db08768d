// x87 floating point: every D8–DF form. Memory forms are selected by ModRM.reg, register forms
// by the whole ModRM byte (`C0+i`: st(i) in the low bits). Rows flagged `fwait` are the forms GNU
// objdump reads together with a preceding 9B byte (fstcw = 9B D9 /7): one instruction that waits
// for pending x87 exceptions first.

const arithmetic = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
const integerArithmetic = ['fiadd', 'fimul', 'ficom', 'ficomp', 'fisub', 'fisubr', 'fidiv', 'fidivr'];

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

function memoryArithmetic(opcode: string, names: string[], size: string): string[] {
  return names.map((name, reg) => `${opcode} /${reg} mem | ${name} ${size}`);
}

/** D9 E0–FF and the other no-operand register forms. */
const constantForms: [string, string][] = [
  ['D9 D0', 'fnop'],
  ['D9 E0', 'fchs'],
  ['D9 E1', 'fabs'],
  ['D9 E4', 'ftst'],
  ['D9 E5', 'fxam'],
  ['D9 E8', 'fld1'],
  ['D9 E9', 'fldl2t'],
  ['D9 EA', 'fldl2e'],
  ['D9 EB', 'fldpi'],
  ['D9 EC', 'fldlg2'],
  ['D9 ED', 'fldln2'],
  ['D9 EE', 'fldz'],
  ['D9 F0', 'f2xm1'],
  ['D9 F1', 'fyl2x'],
  ['D9 F2', 'fptan'],
  ['D9 F3', 'fpatan'],
  ['D9 F4', 'fxtract'],
  ['D9 F5', 'fprem1'],
  ['D9 F6', 'fdecstp'],
  ['D9 F7', 'fincstp'],
  ['D9 F8', 'fprem'],
  ['D9 F9', 'fyl2xp1'],
  ['D9 FA', 'fsqrt'],
  ['D9 FB', 'fsincos'],
  ['D9 FC', 'frndint'],
  ['D9 FD', 'fscale'],
  ['D9 FE', 'fsin'],
  ['D9 FF', 'fcos'],
  ['DA E9', 'fucompp'],
  ['DE D9', 'fcompp'],
];

export const x87Rows: readonly string[] = [
  // D8: 32-bit real memory operand / st(0), st(i)
  ...memoryArithmetic('D8', arithmetic, 'Md'),
  ...arithmetic.map((name, reg) =>
    name === 'fcom' || name === 'fcomp'
      ? `D8 ${hex(0xc0 + reg * 8)}+i | ${name} STi`
      : `D8 ${hex(0xc0 + reg * 8)}+i | ${name} ST,STi`,
  ),

  // D9
  'D9 /0 mem | fld Md',
  'D9 /2 mem | fst Md',
  'D9 /3 mem | fstp Md',
  'D9 /4 mem | fldenv Menv',
  'D9 /5 mem | fldcw Mw',
  'D9 /6 mem | fnstenv Menv',
  'D9 /6 mem | fstenv Menv | fwait',
  'D9 /7 mem | fnstcw Mw',
  'D9 /7 mem | fstcw Mw | fwait',
  'D9 C0+i | fld STi',
  'D9 C8+i | fxch STi',
  // Undocumented alias of fstp st(i) (objdump shows "(bad)"; hardware executes it).
  'D9 D8+i | fstp STi',
  ...constantForms.map(([encoding, name]) => `${encoding} | ${name}`),

  // DA: 32-bit integer memory operand / fcmov
  ...memoryArithmetic('DA', integerArithmetic, 'Md'),
  'DA C0+i | fcmovb ST,STi',
  'DA C8+i | fcmove ST,STi',
  'DA D0+i | fcmovbe ST,STi',
  'DA D8+i | fcmovu ST,STi',

  // DB
  'DB /0 mem | fild Md',
  'DB /1 mem | fisttp Md',
  'DB /2 mem | fist Md',
  'DB /3 mem | fistp Md',
  'DB /5 mem | fld Mt',
  'DB /7 mem | fstp Mt',
  'DB C0+i | fcmovnb ST,STi',
  'DB C8+i | fcmovne ST,STi',
  'DB D0+i | fcmovnbe ST,STi',
  'DB D8+i | fcmovnu ST,STi',
  'DB E0 | fneni(8087~only) | =FNENI',
  'DB E0 | feni(8087~only) | fwait =FENI',
  'DB E1 | fndisi(8087~only) | =FNDISI',
  'DB E1 | fdisi(8087~only) | fwait =FDISI',
  'DB E2 | fnclex',
  'DB E2 | fclex | fwait',
  'DB E3 | fninit',
  'DB E3 | finit | fwait',
  'DB E4 | fnsetpm(287~only) | =FNSETPM',
  'DB E4 | fsetpm(287~only) | fwait =FSETPM',
  'DB E8+i | fucomi ST,STi',
  'DB F0+i | fcomi ST,STi',

  // DC: 64-bit real memory operand / st(i), st(0)
  ...memoryArithmetic('DC', arithmetic, 'Mq'),
  'DC C0+i | fadd STi,ST',
  'DC C8+i | fmul STi,ST',
  // Undocumented aliases of fcom/fcomp st(i).
  'DC D0+i | fcom STi',
  'DC D8+i | fcomp STi',
  'DC E0+i | fsubr STi,ST',
  'DC E8+i | fsub STi,ST',
  'DC F0+i | fdivr STi,ST',
  'DC F8+i | fdiv STi,ST',

  // DD
  'DD /0 mem | fld Mq',
  'DD /1 mem | fisttp Mq',
  'DD /2 mem | fst Mq',
  'DD /3 mem | fstp Mq',
  'DD /4 mem | frstor Mfpustate',
  'DD /6 mem | fnsave Mfpustate',
  'DD /6 mem | fsave Mfpustate | fwait',
  'DD /7 mem | fnstsw Mw',
  'DD /7 mem | fstsw Mw | fwait',
  'DD C0+i | ffree STi',
  // Undocumented alias of fxch st(i).
  'DD C8+i | fxch STi',
  'DD D0+i | fst STi',
  'DD D8+i | fstp STi',
  'DD E0+i | fucom STi',
  'DD E8+i | fucomp STi',

  // DE: 16-bit integer memory operand / pop forms
  ...memoryArithmetic('DE', integerArithmetic, 'Mw'),
  'DE C0+i | faddp STi,ST',
  'DE C8+i | fmulp STi,ST',
  // Undocumented alias of fcomp st(i) (DE D9 is fcompp).
  'DE D0+i | fcomp STi',
  'DE E0+i | fsubrp STi,ST',
  'DE E8+i | fsubp STi,ST',
  'DE F0+i | fdivrp STi,ST',
  'DE F8+i | fdivp STi,ST',

  // DF
  'DF /0 mem | fild Mw',
  'DF /1 mem | fisttp Mw',
  'DF /2 mem | fist Mw',
  'DF /3 mem | fistp Mw',
  'DF /4 mem | fbld Mt',
  'DF /5 mem | fild Mq',
  'DF /6 mem | fbstp Mt',
  'DF /7 mem | fistp Mq',
  'DF C0+i | ffreep STi',
  // Undocumented aliases of fxch and fstp st(i).
  'DF C8+i | fxch STi',
  'DF D0+i | fstp STi',
  'DF D8+i | fstp STi',
  'DF E0 | fnstsw AX',
  'DF E0 | fstsw AX | fwait',
  'DF E8+i | fucomip ST,STi',
  'DF F0+i | fcomip ST,STi',
];
