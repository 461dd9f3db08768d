// Machine code of each recorded SSE operation in the register form the generator used (xmm0 = a,
// xmm1 = b, xmm2 = c; integer sources in ecx/rcx, integer results in eax/rax), assembled with GNU as
// from the instruction text in tests/float-vectors/sse.c. The handler-level replay executes these.
export const SSE_ENCODINGS: Record<string, string> = {
  addss: 'f30f58c1', // addss %xmm1, %xmm0
  addsd: 'f20f58c1', // addsd %xmm1, %xmm0
  subss: 'f30f5cc1', // subss %xmm1, %xmm0
  subsd: 'f20f5cc1', // subsd %xmm1, %xmm0
  mulss: 'f30f59c1', // mulss %xmm1, %xmm0
  mulsd: 'f20f59c1', // mulsd %xmm1, %xmm0
  divss: 'f30f5ec1', // divss %xmm1, %xmm0
  divsd: 'f20f5ec1', // divsd %xmm1, %xmm0
  sqrtss: 'f30f51c1', // sqrtss %xmm1, %xmm0
  sqrtsd: 'f20f51c1', // sqrtsd %xmm1, %xmm0
  minss: 'f30f5dc1', // minss %xmm1, %xmm0
  minsd: 'f20f5dc1', // minsd %xmm1, %xmm0
  maxss: 'f30f5fc1', // maxss %xmm1, %xmm0
  maxsd: 'f20f5fc1', // maxsd %xmm1, %xmm0
  'cmpss/0': 'f30fc2c100', // cmpss $0, %xmm1, %xmm0
  'cmpss/1': 'f30fc2c101', // cmpss $1, %xmm1, %xmm0
  'cmpss/2': 'f30fc2c102', // cmpss $2, %xmm1, %xmm0
  'cmpss/3': 'f30fc2c103', // cmpss $3, %xmm1, %xmm0
  'cmpss/4': 'f30fc2c104', // cmpss $4, %xmm1, %xmm0
  'cmpss/5': 'f30fc2c105', // cmpss $5, %xmm1, %xmm0
  'cmpss/6': 'f30fc2c106', // cmpss $6, %xmm1, %xmm0
  'cmpss/7': 'f30fc2c107', // cmpss $7, %xmm1, %xmm0
  'cmpsd/0': 'f20fc2c100', // cmpsd $0, %xmm1, %xmm0
  'cmpsd/1': 'f20fc2c101', // cmpsd $1, %xmm1, %xmm0
  'cmpsd/2': 'f20fc2c102', // cmpsd $2, %xmm1, %xmm0
  'cmpsd/3': 'f20fc2c103', // cmpsd $3, %xmm1, %xmm0
  'cmpsd/4': 'f20fc2c104', // cmpsd $4, %xmm1, %xmm0
  'cmpsd/5': 'f20fc2c105', // cmpsd $5, %xmm1, %xmm0
  'cmpsd/6': 'f20fc2c106', // cmpsd $6, %xmm1, %xmm0
  'cmpsd/7': 'f20fc2c107', // cmpsd $7, %xmm1, %xmm0
  comiss: '0f2fc1', // comiss %xmm1, %xmm0
  ucomiss: '0f2ec1', // ucomiss %xmm1, %xmm0
  comisd: '660f2fc1', // comisd %xmm1, %xmm0
  ucomisd: '660f2ec1', // ucomisd %xmm1, %xmm0
  cvtsi2ss32: 'f30f2ac1', // cvtsi2ss %ecx, %xmm0
  cvtsi2ss64: 'f3480f2ac1', // cvtsi2ss %rcx, %xmm0
  cvtsi2sd32: 'f20f2ac1', // cvtsi2sd %ecx, %xmm0
  cvtsi2sd64: 'f2480f2ac1', // cvtsi2sd %rcx, %xmm0
  cvtss2si32: 'f30f2dc0', // cvtss2si %xmm0, %eax
  cvtss2si64: 'f3480f2dc0', // cvtss2si %xmm0, %rax
  cvttss2si32: 'f30f2cc0', // cvttss2si %xmm0, %eax
  cvttss2si64: 'f3480f2cc0', // cvttss2si %xmm0, %rax
  cvtsd2si32: 'f20f2dc0', // cvtsd2si %xmm0, %eax
  cvtsd2si64: 'f2480f2dc0', // cvtsd2si %xmm0, %rax
  cvttsd2si32: 'f20f2cc0', // cvttsd2si %xmm0, %eax
  cvttsd2si64: 'f2480f2cc0', // cvttsd2si %xmm0, %rax
  cvtss2sd: 'f30f5ac1', // cvtss2sd %xmm1, %xmm0
  cvtsd2ss: 'f20f5ac1', // cvtsd2ss %xmm1, %xmm0
  cvtdq2ps: '0f5bc1', // cvtdq2ps %xmm1, %xmm0
  cvtps2dq: '660f5bc1', // cvtps2dq %xmm1, %xmm0
  cvttps2dq: 'f30f5bc1', // cvttps2dq %xmm1, %xmm0
  cvtdq2pd: 'f30fe6c1', // cvtdq2pd %xmm1, %xmm0
  cvtpd2dq: 'f20fe6c1', // cvtpd2dq %xmm1, %xmm0
  cvttpd2dq: '660fe6c1', // cvttpd2dq %xmm1, %xmm0
  cvtps2pd: '0f5ac1', // cvtps2pd %xmm1, %xmm0
  cvtpd2ps: '660f5ac1', // cvtpd2ps %xmm1, %xmm0
  rcpss: 'f30f53c1', // rcpss %xmm1, %xmm0
  rsqrtss: 'f30f52c1', // rsqrtss %xmm1, %xmm0
  rcpps: '0f53c1', // rcpps %xmm1, %xmm0
  rsqrtps: '0f52c1', // rsqrtps %xmm1, %xmm0
  addps: '0f58c1', // addps %xmm1, %xmm0
  addpd: '660f58c1', // addpd %xmm1, %xmm0
  mulps: '0f59c1', // mulps %xmm1, %xmm0
  divpd: '660f5ec1', // divpd %xmm1, %xmm0
  sqrtps: '0f51c1', // sqrtps %xmm1, %xmm0
  minps: '0f5dc1', // minps %xmm1, %xmm0
  maxpd: '660f5fc1', // maxpd %xmm1, %xmm0
  'cmpps/3': '0fc2c103', // cmpps $3, %xmm1, %xmm0
  'cmppd/1': '660fc2c101', // cmppd $1, %xmm1, %xmm0
  haddps: 'f20f7cc1', // haddps %xmm1, %xmm0
  haddpd: '660f7cc1', // haddpd %xmm1, %xmm0
  hsubps: 'f20f7dc1', // hsubps %xmm1, %xmm0
  hsubpd: '660f7dc1', // hsubpd %xmm1, %xmm0
  addsubps: 'f20fd0c1', // addsubps %xmm1, %xmm0
  addsubpd: '660fd0c1', // addsubpd %xmm1, %xmm0
  'dpps/0xff': '660f3a40c1ff', // dpps $0xff, %xmm1, %xmm0
  'dpps/0xf1': '660f3a40c1f1', // dpps $0xf1, %xmm1, %xmm0
  'dpps/0x71': '660f3a40c171', // dpps $0x71, %xmm1, %xmm0
  'dpps/0x3f': '660f3a40c13f', // dpps $0x3f, %xmm1, %xmm0
  'dpps/0xa5': '660f3a40c1a5', // dpps $0xa5, %xmm1, %xmm0
  'dpps/0x5a': '660f3a40c15a', // dpps $0x5a, %xmm1, %xmm0
  'dpps/0x0f': '660f3a40c10f', // dpps $0x0f, %xmm1, %xmm0
  'dpps/0xd3': '660f3a40c1d3', // dpps $0xd3, %xmm1, %xmm0
  'dppd/0x33': '660f3a41c133', // dppd $0x33, %xmm1, %xmm0
  'dppd/0x31': '660f3a41c131', // dppd $0x31, %xmm1, %xmm0
  'dppd/0x12': '660f3a41c112', // dppd $0x12, %xmm1, %xmm0
  'dppd/0x23': '660f3a41c123', // dppd $0x23, %xmm1, %xmm0
  'dppd/0x03': '660f3a41c103', // dppd $0x03, %xmm1, %xmm0
  'roundss/0': '660f3a0ac100', // roundss $0, %xmm1, %xmm0
  'roundss/1': '660f3a0ac101', // roundss $1, %xmm1, %xmm0
  'roundss/2': '660f3a0ac102', // roundss $2, %xmm1, %xmm0
  'roundss/3': '660f3a0ac103', // roundss $3, %xmm1, %xmm0
  'roundss/4': '660f3a0ac104', // roundss $4, %xmm1, %xmm0
  'roundss/8': '660f3a0ac108', // roundss $8, %xmm1, %xmm0
  'roundss/9': '660f3a0ac109', // roundss $9, %xmm1, %xmm0
  'roundss/10': '660f3a0ac10a', // roundss $10, %xmm1, %xmm0
  'roundss/11': '660f3a0ac10b', // roundss $11, %xmm1, %xmm0
  'roundss/12': '660f3a0ac10c', // roundss $12, %xmm1, %xmm0
  'roundsd/0': '660f3a0bc100', // roundsd $0, %xmm1, %xmm0
  'roundsd/1': '660f3a0bc101', // roundsd $1, %xmm1, %xmm0
  'roundsd/2': '660f3a0bc102', // roundsd $2, %xmm1, %xmm0
  'roundsd/3': '660f3a0bc103', // roundsd $3, %xmm1, %xmm0
  'roundsd/4': '660f3a0bc104', // roundsd $4, %xmm1, %xmm0
  'roundsd/8': '660f3a0bc108', // roundsd $8, %xmm1, %xmm0
  'roundsd/9': '660f3a0bc109', // roundsd $9, %xmm1, %xmm0
  'roundsd/10': '660f3a0bc10a', // roundsd $10, %xmm1, %xmm0
  'roundsd/11': '660f3a0bc10b', // roundsd $11, %xmm1, %xmm0
  'roundsd/12': '660f3a0bc10c', // roundsd $12, %xmm1, %xmm0
  'roundps/0': '660f3a08c100', // roundps $0, %xmm1, %xmm0
  'roundps/1': '660f3a08c101', // roundps $1, %xmm1, %xmm0
  'roundps/2': '660f3a08c102', // roundps $2, %xmm1, %xmm0
  'roundps/3': '660f3a08c103', // roundps $3, %xmm1, %xmm0
  'roundps/4': '660f3a08c104', // roundps $4, %xmm1, %xmm0
  'roundps/8': '660f3a08c108', // roundps $8, %xmm1, %xmm0
  'roundps/9': '660f3a08c109', // roundps $9, %xmm1, %xmm0
  'roundps/10': '660f3a08c10a', // roundps $10, %xmm1, %xmm0
  'roundps/11': '660f3a08c10b', // roundps $11, %xmm1, %xmm0
  'roundps/12': '660f3a08c10c', // roundps $12, %xmm1, %xmm0
  'roundpd/0': '660f3a09c100', // roundpd $0, %xmm1, %xmm0
  'roundpd/1': '660f3a09c101', // roundpd $1, %xmm1, %xmm0
  'roundpd/2': '660f3a09c102', // roundpd $2, %xmm1, %xmm0
  'roundpd/3': '660f3a09c103', // roundpd $3, %xmm1, %xmm0
  'roundpd/4': '660f3a09c104', // roundpd $4, %xmm1, %xmm0
  'roundpd/8': '660f3a09c108', // roundpd $8, %xmm1, %xmm0
  'roundpd/9': '660f3a09c109', // roundpd $9, %xmm1, %xmm0
  'roundpd/10': '660f3a09c10a', // roundpd $10, %xmm1, %xmm0
  'roundpd/11': '660f3a09c10b', // roundpd $11, %xmm1, %xmm0
  'roundpd/12': '660f3a09c10c', // roundpd $12, %xmm1, %xmm0
  blendvps: '660f3814ca', // blendvps %xmm0, %xmm2, %xmm1
  blendvpd: '660f3815ca', // blendvpd %xmm0, %xmm2, %xmm1
};
