/* Instruction templates for the integer/SSE2 conformance vectors (see generate.c).
 * X(name, registers, kind, input generator, "AT&T instruction")
 *   registers: bit mask of the GPRs the instruction reads or writes (1 rax, 2 rbx, 4 rcx, 8 rdx, 16 rsi, 32 rdi);
 *              every other register must be unchanged.
 *   kind: K_GPR, K_MEM (rsi = &mem, 16-byte aligned), K_XMM (xmm0, xmm1), K_XMEM (both), K_STR (rsi/rdi into mem)
 *   generator: how inputs are chosen (G_* in generate.c). */
#define ALU2(op, G) \
  X(op##_b, 3, K_GPR, G, #op "b %bl, %al") \
  X(op##_bh, 3, K_GPR, G, #op "b %bh, %ah") \
  X(op##_w, 3, K_GPR, G, #op "w %bx, %ax") \
  X(op##_l, 3, K_GPR, G, #op "l %ebx, %eax") \
  X(op##_q, 3, K_GPR, G, #op "q %rbx, %rax") \
  X(op##_q_load, 1, K_MEM, G, #op "q (%rsi), %rax") \
  X(op##_l_store, 1, K_MEM, G, #op "l %eax, (%rsi)") \
  X(op##_q_imm, 1, K_GPR, G, #op "q $-0x80000000, %rax") \
  X(op##_l_imm8, 1, K_GPR, G, #op "l $-1, %eax") \
  X(op##_w_imm, 1, K_GPR, G, #op "w $0x8001, %ax")

#define UNARY(op) \
  X(op##_b, 1, K_GPR, G_UNARY, #op "b %al") \
  X(op##_w, 1, K_GPR, G_UNARY, #op "w %ax") \
  X(op##_l, 1, K_GPR, G_UNARY, #op "l %eax") \
  X(op##_q, 1, K_GPR, G_UNARY, #op "q %rax") \
  X(op##_q_mem, 1, K_MEM, G_UNARY, #op "q (%rsi)")

#define SHIFT(op) \
  X(op##_b, 5, K_GPR, G_SHIFT, #op "b %cl, %al") \
  X(op##_w, 5, K_GPR, G_SHIFT, #op "w %cl, %ax") \
  X(op##_l, 5, K_GPR, G_SHIFT, #op "l %cl, %eax") \
  X(op##_q, 5, K_GPR, G_SHIFT, #op "q %cl, %rax") \
  X(op##_l_1, 1, K_GPR, G_UNARY, #op "l $1, %eax") \
  X(op##_q_imm, 1, K_GPR, G_UNARY, #op "q $13, %rax") \
  X(op##_l_mem, 5, K_MEM, G_SHIFT, #op "l %cl, (%rsi)")

#define DSHIFT(op) \
  X(op##_w, 7, K_GPR, G_DSHIFT, #op "w %cl, %bx, %ax") \
  X(op##_l, 7, K_GPR, G_DSHIFT, #op "l %cl, %ebx, %eax") \
  X(op##_q, 7, K_GPR, G_DSHIFT, #op "q %cl, %rbx, %rax") \
  X(op##_q_imm, 3, K_GPR, G_BIN, #op "q $7, %rbx, %rax") \
  X(op##_l_imm, 3, K_GPR, G_BIN, #op "l $31, %ebx, %eax")

#define MULDIV1(op, G) \
  X(op##_b, 11, K_GPR, G, #op "b %bl") \
  X(op##_w, 11, K_GPR, G, #op "w %bx") \
  X(op##_l, 11, K_GPR, G, #op "l %ebx") \
  X(op##_q, 11, K_GPR, G, #op "q %rbx") \
  X(op##_q_mem, 9, K_MEM, G, #op "q (%rsi)")

#define SCAN(op) \
  X(op##_w, 3, K_GPR, G_BIN, #op "w %bx, %ax") \
  X(op##_l, 3, K_GPR, G_BIN, #op "l %ebx, %eax") \
  X(op##_q, 3, K_GPR, G_BIN, #op "q %rbx, %rax")

#define BT(op) \
  X(op##_w, 3, K_GPR, G_BIN, #op "w %bx, %ax") \
  X(op##_l, 3, K_GPR, G_BIN, #op "l %ebx, %eax") \
  X(op##_q, 3, K_GPR, G_BIN, #op "q %rbx, %rax") \
  X(op##_q_imm, 1, K_GPR, G_UNARY, #op "q $45, %rax") \
  X(op##_l_mem, 2, K_MEM, G_BITOFF, #op "l %ebx, (%rsi)") \
  X(op##_q_mem_imm, 0, K_MEM, G_NONE, #op "q $37, (%rsi)")

#define CC(X2) X2(o) X2(no) X2(b) X2(ae) X2(e) X2(ne) X2(be) X2(a) X2(s) X2(ns) X2(p) X2(np) X2(l) X2(ge) X2(le) X2(g)
#define SETCC(cc) X(set##cc, 1, K_GPR, G_FLAGS, "set" #cc " %al")
#define CMOVCC(cc) X(cmov##cc##_l, 3, K_GPR, G_FLAGS, "cmov" #cc "l %ebx, %eax")

#define SSE2(op) X(op, 0, K_XMM, G_XMM, #op " %xmm1, %xmm0")
#define SSE2IMM(op, imm) X(op##_##imm, 0, K_XMM, G_XMM, #op " $" #imm ", %xmm1, %xmm0")
#define SSESHIFT(op, imm) \
  X(op##_imm, 0, K_XMM, G_XMM, #op " $" #imm ", %xmm0") \
  X(op##_xmm, 0, K_XMM, G_XMMCOUNT, #op " %xmm1, %xmm0")

#define TEMPLATES \
  ALU2(add, G_BIN) ALU2(adc, G_BIN) ALU2(sub, G_BIN) ALU2(sbb, G_BIN) ALU2(and, G_BIN) \
  ALU2(or, G_BIN) ALU2(xor, G_BIN) ALU2(cmp, G_BIN) \
  X(test_b, 3, K_GPR, G_BIN, "testb %bl, %al") X(test_w, 3, K_GPR, G_BIN, "testw %bx, %ax") \
  X(test_l, 3, K_GPR, G_BIN, "testl %ebx, %eax") X(test_q, 3, K_GPR, G_BIN, "testq %rbx, %rax") \
  X(test_q_imm, 1, K_GPR, G_UNARY, "testq $-0x100, %rax") \
  UNARY(inc) UNARY(dec) UNARY(neg) UNARY(not) \
  SHIFT(shl) SHIFT(shr) SHIFT(sar) SHIFT(rol) SHIFT(ror) SHIFT(rcl) SHIFT(rcr) \
  DSHIFT(shld) DSHIFT(shrd) \
  MULDIV1(mul, G_MUL) MULDIV1(imul, G_MUL) MULDIV1(div, G_DIV) MULDIV1(idiv, G_IDIV) \
  X(imul2_w, 3, K_GPR, G_BIN, "imulw %bx, %ax") X(imul2_l, 3, K_GPR, G_BIN, "imull %ebx, %eax") \
  X(imul2_q, 3, K_GPR, G_BIN, "imulq %rbx, %rax") X(imul3_l, 3, K_GPR, G_BIN, "imull $-3, %ebx, %eax") \
  X(imul3_q, 3, K_GPR, G_BIN, "imulq $0x12345, %rbx, %rax") X(imul3_w, 3, K_GPR, G_BIN, "imulw $77, %bx, %ax") \
  BT(bt) BT(bts) BT(btr) BT(btc) \
  SCAN(bsf) SCAN(bsr) SCAN(tzcnt) SCAN(lzcnt) SCAN(popcnt) \
  X(bswap_l, 1, K_GPR, G_UNARY, "bswapl %eax") X(bswap_q, 1, K_GPR, G_UNARY, "bswapq %rax") \
  X(movbe_w_load, 1, K_MEM, G_UNARY, "movbew (%rsi), %ax") X(movbe_l_load, 1, K_MEM, G_UNARY, "movbel (%rsi), %eax") \
  X(movbe_q_load, 1, K_MEM, G_UNARY, "movbeq (%rsi), %rax") X(movbe_q_store, 1, K_MEM, G_UNARY, "movbeq %rax, (%rsi)") \
  X(movbe_l_store, 1, K_MEM, G_UNARY, "movbel %eax, (%rsi)") \
  X(cmpxchg_b, 7, K_GPR, G_CMPXCHG, "cmpxchgb %bl, %cl") X(cmpxchg_w, 7, K_GPR, G_CMPXCHG, "cmpxchgw %bx, %cx") \
  X(cmpxchg_l, 7, K_GPR, G_CMPXCHG, "cmpxchgl %ebx, %ecx") X(cmpxchg_q, 7, K_GPR, G_CMPXCHG, "cmpxchgq %rbx, %rcx") \
  X(cmpxchg_l_mem, 3, K_MEM, G_CMPXCHGMEM, "lock cmpxchgl %ebx, (%rsi)") \
  X(cmpxchg_q_mem, 3, K_MEM, G_CMPXCHGMEM, "lock cmpxchgq %rbx, (%rsi)") \
  X(cmpxchg8b, 15, K_MEM, G_CMPXCHGMEM, "lock cmpxchg8b (%rsi)") X(cmpxchg16b, 15, K_MEM, G_CMPXCHGMEM, "lock cmpxchg16b (%rsi)") \
  X(xadd_b, 3, K_GPR, G_BIN, "xaddb %bl, %al") X(xadd_l, 3, K_GPR, G_BIN, "xaddl %ebx, %eax") \
  X(xadd_q, 3, K_GPR, G_BIN, "xaddq %rbx, %rax") X(xadd_q_mem, 2, K_MEM, G_BIN, "lock xaddq %rbx, (%rsi)") \
  X(cbw, 1, K_GPR, G_UNARY, "cbtw") X(cwde, 1, K_GPR, G_UNARY, "cwtl") X(cdqe, 1, K_GPR, G_UNARY, "cltq") \
  X(cwd, 9, K_GPR, G_UNARY, "cwtd") X(cdq, 9, K_GPR, G_UNARY, "cltd") X(cqo, 9, K_GPR, G_UNARY, "cqto") \
  X(movzx_bl, 3, K_GPR, G_BIN, "movzbl %bl, %eax") X(movsx_bq, 3, K_GPR, G_BIN, "movsbq %bl, %rax") \
  X(movsx_wl, 3, K_GPR, G_BIN, "movswl %bx, %eax") X(movsxd, 3, K_GPR, G_BIN, "movslq %ebx, %rax") \
  X(lea_sib, 7, K_GPR, G_BIN, "leaq -8(%rbx,%rcx,8), %rax") X(lea_l, 7, K_GPR, G_BIN, "leal 3(%rbx,%rcx,2), %eax") \
  X(lea_w, 7, K_GPR, G_BIN, "leaw 3(%rbx,%rcx,4), %ax") \
  X(sahf, 1, K_GPR, G_UNARY, "sahf") X(lahf, 1, K_GPR, G_FLAGS, "lahf") \
  X(cmc, 0, K_GPR, G_FLAGS, "cmc") X(clc, 0, K_GPR, G_FLAGS, "clc") X(stc, 0, K_GPR, G_FLAGS, "stc") \
  CC(SETCC) CC(CMOVCC) \
  X(cmovne_q, 3, K_GPR, G_FLAGS, "cmovneq %rbx, %rax") X(cmovl_w, 3, K_GPR, G_FLAGS, "cmovlw %bx, %ax") \
  X(movsb, 48, K_STR, G_STR, "movsb") X(movsq, 48, K_STR, G_STR, "movsq") \
  X(rep_movsb, 52, K_STR, G_STR, "rep movsb") X(rep_movsl, 52, K_STR, G_STR, "rep movsl") \
  X(rep_movsq, 52, K_STR, G_STR, "rep movsq") X(rep_stosb, 37, K_STR, G_STR, "rep stosb") \
  X(rep_stosq, 37, K_STR, G_STR, "rep stosq") X(stosw, 33, K_STR, G_STR, "stosw") \
  X(lodsb, 17, K_STR, G_STR, "lodsb") X(lodsq, 17, K_STR, G_STR, "lodsq") X(rep_lodsw, 21, K_STR, G_STR, "rep lodsw") \
  X(cmpsb, 48, K_STR, G_STR, "cmpsb") X(repe_cmpsb, 52, K_STR, G_STR, "repe cmpsb") \
  X(repne_cmpsl, 52, K_STR, G_STR, "repne cmpsl") X(repe_cmpsq, 52, K_STR, G_STR, "repe cmpsq") \
  X(scasb, 33, K_STR, G_STR, "scasb") X(repne_scasb, 37, K_STR, G_STR, "repne scasb") \
  X(repe_scasw, 37, K_STR, G_STR, "repe scasw") X(repne_scasq, 37, K_STR, G_STR, "repne scasq") \
  SSE2(paddb) SSE2(paddw) SSE2(paddd) SSE2(paddq) SSE2(psubb) SSE2(psubw) SSE2(psubd) SSE2(psubq) \
  SSE2(paddsb) SSE2(paddsw) SSE2(paddusb) SSE2(paddusw) SSE2(psubsb) SSE2(psubsw) SSE2(psubusb) SSE2(psubusw) \
  SSE2(pmullw) SSE2(pmulhw) SSE2(pmulhuw) SSE2(pmuludq) SSE2(pmaddwd) SSE2(psadbw) SSE2(pavgb) SSE2(pavgw) \
  SSE2(pminub) SSE2(pmaxub) SSE2(pminsw) SSE2(pmaxsw) SSE2(pcmpeqb) SSE2(pcmpeqw) SSE2(pcmpeqd) \
  SSE2(pcmpgtb) SSE2(pcmpgtw) SSE2(pcmpgtd) SSE2(pand) SSE2(pandn) SSE2(por) SSE2(pxor) \
  SSE2(andps) SSE2(andnpd) SSE2(orps) SSE2(xorpd) \
  SSE2(packsswb) SSE2(packssdw) SSE2(packuswb) SSE2(punpcklbw) SSE2(punpcklwd) SSE2(punpckldq) \
  SSE2(punpcklqdq) SSE2(punpckhbw) SSE2(punpckhwd) SSE2(punpckhdq) SSE2(punpckhqdq) \
  SSE2(unpcklps) SSE2(unpckhps) SSE2(unpcklpd) SSE2(unpckhpd) \
  SSESHIFT(psllw, 3) SSESHIFT(pslld, 17) SSESHIFT(psllq, 40) SSESHIFT(psrlw, 15) SSESHIFT(psrld, 1) \
  SSESHIFT(psrlq, 63) SSESHIFT(psraw, 9) SSESHIFT(psrad, 31) \
  X(psllw_big, 0, K_XMM, G_XMM, "psllw $16, %xmm0") X(psrad_big, 0, K_XMM, G_XMM, "psrad $200, %xmm0") \
  X(pslldq_5, 0, K_XMM, G_XMM, "pslldq $5, %xmm0") X(psrldq_3, 0, K_XMM, G_XMM, "psrldq $3, %xmm0") \
  X(psrldq_16, 0, K_XMM, G_XMM, "psrldq $16, %xmm0") \
  SSE2IMM(pshufd, 0x1b) SSE2IMM(pshuflw, 0xd8) SSE2IMM(pshufhw, 0x93) SSE2IMM(shufps, 0x4e) SSE2IMM(shufpd, 0x1) \
  X(pmovmskb, 1, K_XMM, G_XMM, "pmovmskb %xmm0, %eax") X(movmskps, 1, K_XMM, G_XMM, "movmskps %xmm0, %eax") \
  X(movmskpd, 1, K_XMM, G_XMM, "movmskpd %xmm0, %eax") X(pinsrw, 2, K_XMM, G_XMM, "pinsrw $3, %ebx, %xmm0") \
  X(pextrw, 1, K_XMM, G_XMM, "pextrw $5, %xmm0, %eax") \
  X(movd_to, 1, K_XMM, G_XMM, "movd %eax, %xmm0") X(movq_to, 1, K_XMM, G_XMM, "movq %rax, %xmm0") \
  X(movd_from, 1, K_XMM, G_XMM, "movd %xmm0, %eax") X(movq_from, 1, K_XMM, G_XMM, "movq %xmm0, %rax") \
  X(movq_xx, 0, K_XMM, G_XMM, "movq %xmm1, %xmm0") X(movss_xx, 0, K_XMM, G_XMM, "movss %xmm1, %xmm0") \
  X(movsd_xx, 0, K_XMM, G_XMM, "movsd %xmm1, %xmm0") X(movhlps, 0, K_XMM, G_XMM, "movhlps %xmm1, %xmm0") \
  X(movlhps, 0, K_XMM, G_XMM, "movlhps %xmm1, %xmm0") \
  X(movss_load, 0, K_XMEM, G_XMM, "movss (%rsi), %xmm0") X(movsd_load, 0, K_XMEM, G_XMM, "movsd (%rsi), %xmm0") \
  X(movhps_load, 0, K_XMEM, G_XMM, "movhps 8(%rsi), %xmm0") X(movlpd_store, 0, K_XMEM, G_XMM, "movlpd %xmm0, 8(%rsi)") \
  X(movdqa_load, 0, K_XMEM, G_XMM, "movdqa (%rsi), %xmm0") X(movdqu_store, 0, K_XMEM, G_XMM, "movdqu %xmm0, 3(%rsi)") \
  X(paddd_mem, 0, K_XMEM, G_XMM, "paddd (%rsi), %xmm0") X(pshufd_mem, 0, K_XMEM, G_XMM, "pshufd $0x39, (%rsi), %xmm0") \
  X(pcmpeqb_mem, 0, K_XMEM, G_XMM, "pcmpeqb 16(%rsi), %xmm0")
