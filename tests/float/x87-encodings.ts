// Machine code of each recorded x87 operation as the generator ran it (tests/float-vectors/x87.c),
// with memory operands at absolute address 0x20000; assembled with GNU as. The handler-level
// replay (x87-handlers.test.ts) executes these.
export const X87_ENCODINGS: Record<string, string> = {
  fadd: 'd8c1', // fadd %st(1), %st
  fsub: 'd8e1', // fsub %st(1), %st
  fmul: 'd8c9', // fmul %st(1), %st
  fdiv: 'd8f1', // fdiv %st(1), %st
  fsqrt: 'd9fa', // fsqrt
  fprem: 'd9f8', // fprem
  fprem1: 'd9f5', // fprem1
  fscale: 'd9fd', // fscale
  fxtract: 'd9f4', // fxtract
  frndint: 'd9fc', // frndint
  fsin: 'd9fe', // fsin
  fcos: 'd9ff', // fcos
  fsincos: 'd9fb', // fsincos
  fptan: 'd9f2', // fptan
  fpatan: 'd9f3', // fpatan
  f2xm1: 'd9f0', // f2xm1
  fyl2x: 'd9f1', // fyl2x
  fyl2xp1: 'd9f9', // fyl2xp1
  fcom: 'd8d1', // fcom %st(1)
  fucom: 'dde1', // fucom %st(1)
  fcomi: 'dbf1', // fcomi %st(1), %st
  fucomi: 'dbe9', // fucomi %st(1), %st
  fxam: 'd9e5', // fxam
  ftst: 'd9e4', // ftst
  fld32: 'd9042500000200', // flds 0x20000
  fld64: 'dd042500000200', // fldl 0x20000
  fild16: 'df042500000200', // filds 0x20000
  fild32: 'db042500000200', // fildl 0x20000
  fild64: 'df2c2500000200', // fildll 0x20000
  fbld: 'df242500000200', // fbld 0x20000
  fst32: 'd91c2500000200', // fstps 0x20000
  fst64: 'dd1c2500000200', // fstpl 0x20000
  fist16: 'df1c2500000200', // fistps 0x20000
  fist32: 'db1c2500000200', // fistpl 0x20000
  fist64: 'df3c2500000200', // fistpll 0x20000
  fisttp16: 'df0c2500000200', // fisttps 0x20000
  fisttp32: 'db0c2500000200', // fisttpl 0x20000
  fisttp64: 'dd0c2500000200', // fisttpll 0x20000
  fbstp: 'df342500000200', // fbstp 0x20000
};
