/* Instruction templates for the SSE3/SSSE3/SSE4.1/SSE4.2/CRC32/PCLMULQDQ/AES-NI conformance vectors
 * (issue 5), in the format of templates.h; recorded by `generate.c` built with
 * -DTEMPLATES_FILE='"templates-sse4.h"' (see record.sh) into sse4.txt.gz. */
#define XX(op) X(op, 0, K_XMM, G_XMMEDGE, #op " %xmm1, %xmm0")
#define XM(op, disp) X(op##_mem, 0, K_XMEM, G_XMMEDGE, #op " " #disp "(%rsi), %xmm0")
#define XI(op, imm) X(op##_##imm, 0, K_XMM, G_XMMEDGE, #op " $" #imm ", %xmm1, %xmm0")
#define PMOV(op) XX(op) XM(op, 3)
/* pcmpXstrY with every defined immediate (bits 0-6), register form. */
#define PSTR(op, mask, imm) X(op##_##imm, mask, K_XMM, G_PCMPSTR, #op " $" #imm ", %xmm1, %xmm0")
#define PSTR_ALL(op, mask) \
  PSTR(op, mask, 0x00)  PSTR(op, mask, 0x01)  PSTR(op, mask, 0x02)  PSTR(op, mask, 0x03)  PSTR(op, mask, 0x04)  PSTR(op, mask, 0x05) \
  PSTR(op, mask, 0x06)  PSTR(op, mask, 0x07)  PSTR(op, mask, 0x08)  PSTR(op, mask, 0x09)  PSTR(op, mask, 0x0a)  PSTR(op, mask, 0x0b) \
  PSTR(op, mask, 0x0c)  PSTR(op, mask, 0x0d)  PSTR(op, mask, 0x0e)  PSTR(op, mask, 0x0f)  PSTR(op, mask, 0x10)  PSTR(op, mask, 0x11) \
  PSTR(op, mask, 0x12)  PSTR(op, mask, 0x13)  PSTR(op, mask, 0x14)  PSTR(op, mask, 0x15)  PSTR(op, mask, 0x16)  PSTR(op, mask, 0x17) \
  PSTR(op, mask, 0x18)  PSTR(op, mask, 0x19)  PSTR(op, mask, 0x1a)  PSTR(op, mask, 0x1b)  PSTR(op, mask, 0x1c)  PSTR(op, mask, 0x1d) \
  PSTR(op, mask, 0x1e)  PSTR(op, mask, 0x1f)  PSTR(op, mask, 0x20)  PSTR(op, mask, 0x21)  PSTR(op, mask, 0x22)  PSTR(op, mask, 0x23) \
  PSTR(op, mask, 0x24)  PSTR(op, mask, 0x25)  PSTR(op, mask, 0x26)  PSTR(op, mask, 0x27)  PSTR(op, mask, 0x28)  PSTR(op, mask, 0x29) \
  PSTR(op, mask, 0x2a)  PSTR(op, mask, 0x2b)  PSTR(op, mask, 0x2c)  PSTR(op, mask, 0x2d)  PSTR(op, mask, 0x2e)  PSTR(op, mask, 0x2f) \
  PSTR(op, mask, 0x30)  PSTR(op, mask, 0x31)  PSTR(op, mask, 0x32)  PSTR(op, mask, 0x33)  PSTR(op, mask, 0x34)  PSTR(op, mask, 0x35) \
  PSTR(op, mask, 0x36)  PSTR(op, mask, 0x37)  PSTR(op, mask, 0x38)  PSTR(op, mask, 0x39)  PSTR(op, mask, 0x3a)  PSTR(op, mask, 0x3b) \
  PSTR(op, mask, 0x3c)  PSTR(op, mask, 0x3d)  PSTR(op, mask, 0x3e)  PSTR(op, mask, 0x3f)  PSTR(op, mask, 0x40)  PSTR(op, mask, 0x41) \
  PSTR(op, mask, 0x42)  PSTR(op, mask, 0x43)  PSTR(op, mask, 0x44)  PSTR(op, mask, 0x45)  PSTR(op, mask, 0x46)  PSTR(op, mask, 0x47) \
  PSTR(op, mask, 0x48)  PSTR(op, mask, 0x49)  PSTR(op, mask, 0x4a)  PSTR(op, mask, 0x4b)  PSTR(op, mask, 0x4c)  PSTR(op, mask, 0x4d) \
  PSTR(op, mask, 0x4e)  PSTR(op, mask, 0x4f)  PSTR(op, mask, 0x50)  PSTR(op, mask, 0x51)  PSTR(op, mask, 0x52)  PSTR(op, mask, 0x53) \
  PSTR(op, mask, 0x54)  PSTR(op, mask, 0x55)  PSTR(op, mask, 0x56)  PSTR(op, mask, 0x57)  PSTR(op, mask, 0x58)  PSTR(op, mask, 0x59) \
  PSTR(op, mask, 0x5a)  PSTR(op, mask, 0x5b)  PSTR(op, mask, 0x5c)  PSTR(op, mask, 0x5d)  PSTR(op, mask, 0x5e)  PSTR(op, mask, 0x5f) \
  PSTR(op, mask, 0x60)  PSTR(op, mask, 0x61)  PSTR(op, mask, 0x62)  PSTR(op, mask, 0x63)  PSTR(op, mask, 0x64)  PSTR(op, mask, 0x65) \
  PSTR(op, mask, 0x66)  PSTR(op, mask, 0x67)  PSTR(op, mask, 0x68)  PSTR(op, mask, 0x69)  PSTR(op, mask, 0x6a)  PSTR(op, mask, 0x6b) \
  PSTR(op, mask, 0x6c)  PSTR(op, mask, 0x6d)  PSTR(op, mask, 0x6e)  PSTR(op, mask, 0x6f)  PSTR(op, mask, 0x70)  PSTR(op, mask, 0x71) \
  PSTR(op, mask, 0x72)  PSTR(op, mask, 0x73)  PSTR(op, mask, 0x74)  PSTR(op, mask, 0x75)  PSTR(op, mask, 0x76)  PSTR(op, mask, 0x77) \
  PSTR(op, mask, 0x78)  PSTR(op, mask, 0x79)  PSTR(op, mask, 0x7a)  PSTR(op, mask, 0x7b)  PSTR(op, mask, 0x7c)  PSTR(op, mask, 0x7d) \
  PSTR(op, mask, 0x7e)  PSTR(op, mask, 0x7f)

#define TEMPLATES \
  /* SSE3 moves */ \
  X(lddqu_mem, 0, K_XMEM, G_XMMEDGE, "lddqu 3(%rsi), %xmm0") XX(movddup) XM(movddup, 8) XX(movshdup) XX(movsldup) \
  XM(movsldup, 0) \
  /* SSSE3 */ \
  XX(pshufb) XM(pshufb, 0) XX(phaddw) XX(phaddd) XX(phaddsw) XX(phsubw) XX(phsubd) XX(phsubsw) XM(phaddw, 16) \
  XX(pmaddubsw) XM(pmaddubsw, 0) XX(pmulhrsw) XX(psignb) XX(psignw) XX(psignd) XX(pabsb) XX(pabsw) XX(pabsd) \
  XI(palignr, 0) XI(palignr, 1) XI(palignr, 5) XI(palignr, 15) XI(palignr, 16) XI(palignr, 17) XI(palignr, 31) \
  XI(palignr, 32) XI(palignr, 255) X(palignr_mem, 0, K_XMEM, G_XMMEDGE, "palignr $7, 16(%rsi), %xmm0") \
  /* SSE4.1 integer */ \
  X(pblendvb, 0, K_XMM, G_XMMEDGE, "pblendvb %xmm0, %xmm1, %xmm0") \
  X(pblendvb_mem, 0, K_XMEM, G_XMMEDGE, "pblendvb %xmm0, (%rsi), %xmm0") \
  XI(pblendw, 0x00) XI(pblendw, 0xa5) XI(pblendw, 0xff) XX(pcmpeqq) XM(pcmpeqq, 0) \
  XX(pminsb) XX(pminsd) XX(pminuw) XX(pminud) XX(pmaxsb) XX(pmaxsd) XX(pmaxuw) XX(pmaxud) XM(pmaxsd, 16) \
  PMOV(pmovsxbw) PMOV(pmovsxbd) PMOV(pmovsxbq) PMOV(pmovsxwd) PMOV(pmovsxwq) PMOV(pmovsxdq) \
  PMOV(pmovzxbw) PMOV(pmovzxbd) PMOV(pmovzxbq) PMOV(pmovzxwd) PMOV(pmovzxwq) PMOV(pmovzxdq) \
  XX(pmuldq) XX(pmulld) XM(pmulld, 0) XX(packusdw) XX(ptest) XM(ptest, 0) XX(phminposuw) \
  XI(mpsadbw, 0) XI(mpsadbw, 1) XI(mpsadbw, 2) XI(mpsadbw, 3) XI(mpsadbw, 4) XI(mpsadbw, 5) XI(mpsadbw, 6) \
  XI(mpsadbw, 7) X(mpsadbw_mem, 0, K_XMEM, G_XMMEDGE, "mpsadbw $6, 16(%rsi), %xmm0") \
  X(pextrb_r, 1, K_XMM, G_XMMEDGE, "pextrb $5, %xmm0, %eax") X(pextrb_r64, 1, K_XMM, G_XMMEDGE, "pextrb $20, %xmm0, %rax") \
  X(pextrb_m, 0, K_XMEM, G_XMMEDGE, "pextrb $15, %xmm0, 7(%rsi)") \
  X(pextrw_m, 0, K_XMEM, G_XMMEDGE, "pextrw $6, %xmm0, 3(%rsi)") \
  X(pextrd_r, 1, K_XMM, G_XMMEDGE, "pextrd $2, %xmm0, %eax") X(pextrd_m, 0, K_XMEM, G_XMMEDGE, "pextrd $3, %xmm0, (%rsi)") \
  X(pextrq_r, 1, K_XMM, G_XMMEDGE, "pextrq $1, %xmm0, %rax") X(pextrq_m, 0, K_XMEM, G_XMMEDGE, "pextrq $0, %xmm0, 8(%rsi)") \
  X(extractps_r, 1, K_XMM, G_XMMEDGE, "extractps $3, %xmm0, %eax") \
  X(extractps_r64, 1, K_XMM, G_XMMEDGE, "extractps $2, %xmm0, %rax") \
  X(extractps_m, 0, K_XMEM, G_XMMEDGE, "extractps $1, %xmm0, 4(%rsi)") \
  X(pinsrb_r, 2, K_XMM, G_XMMEDGE, "pinsrb $9, %ebx, %xmm0") X(pinsrb_m, 0, K_XMEM, G_XMMEDGE, "pinsrb $0, 5(%rsi), %xmm0") \
  X(pinsrb_big, 2, K_XMM, G_XMMEDGE, "pinsrb $0x1f, %ebx, %xmm0") \
  X(pinsrd_r, 2, K_XMM, G_XMMEDGE, "pinsrd $2, %ebx, %xmm0") X(pinsrd_m, 0, K_XMEM, G_XMMEDGE, "pinsrd $1, 4(%rsi), %xmm0") \
  X(pinsrq_r, 2, K_XMM, G_XMMEDGE, "pinsrq $1, %rbx, %xmm0") X(pinsrq_m, 0, K_XMEM, G_XMMEDGE, "pinsrq $0, 8(%rsi), %xmm0") \
  XI(insertps, 0x00) XI(insertps, 0x4e) XI(insertps, 0xb1) XI(insertps, 0xff) XI(insertps, 0x30) XI(insertps, 0xc8) \
  X(insertps_mem, 0, K_XMEM, G_XMMEDGE, "insertps $0xec, 4(%rsi), %xmm0") \
  X(movntdqa_mem, 0, K_XMEM, G_XMMEDGE, "movntdqa 16(%rsi), %xmm0") \
  /* SSE4.2 */ \
  XX(pcmpgtq) XM(pcmpgtq, 16) \
  PSTR_ALL(pcmpestri, 13) PSTR_ALL(pcmpestrm, 9) PSTR_ALL(pcmpistri, 4) PSTR_ALL(pcmpistrm, 0) \
  X(pcmpestri_mem, 13, K_XMEM, G_PCMPSTR, "pcmpestri $0x0c, (%rsi), %xmm0") \
  X(pcmpestri_q, 13, K_XMM, G_PCMPSTR, "pcmpestriq $0x44, %xmm1, %xmm0") \
  X(pcmpestrm_q, 9, K_XMM, G_PCMPSTR, "pcmpestrmq $0x1a, %xmm1, %xmm0") \
  X(pcmpistri_mem, 4, K_XMEM, G_PCMPSTR, "pcmpistri $0x3a, 3(%rsi), %xmm0") \
  X(pcmpistrm_mem, 0, K_XMEM, G_PCMPSTR, "pcmpistrm $0x48, (%rsi), %xmm0") \
  X(crc32_b, 3, K_GPR, G_BIN, "crc32b %bl, %eax") X(crc32_w, 3, K_GPR, G_BIN, "crc32w %bx, %eax") \
  X(crc32_l, 3, K_GPR, G_BIN, "crc32l %ebx, %eax") X(crc32_q, 3, K_GPR, G_BIN, "crc32q %rbx, %rax") \
  X(crc32_bq, 3, K_GPR, G_BIN, "crc32b %bl, %rax") X(crc32_bh, 3, K_GPR, G_BIN, "crc32b %bh, %eax") \
  X(crc32_l_mem, 1, K_MEM, G_BIN, "crc32l (%rsi), %eax") X(crc32_q_mem, 1, K_MEM, G_BIN, "crc32q (%rsi), %rax") \
  /* PCLMULQDQ, AES-NI */ \
  XI(pclmulqdq, 0x00) XI(pclmulqdq, 0x01) XI(pclmulqdq, 0x10) XI(pclmulqdq, 0x11) XI(pclmulqdq, 0xee) \
  X(pclmulqdq_mem, 0, K_XMEM, G_XMMEDGE, "pclmulqdq $0x10, 16(%rsi), %xmm0") \
  XX(aesenc) XX(aesenclast) XX(aesdec) XX(aesdeclast) XX(aesimc) XM(aesenc, 16) XM(aesdeclast, 0) \
  XI(aeskeygenassist, 0x00) XI(aeskeygenassist, 0x01) XI(aeskeygenassist, 0x1b) XI(aeskeygenassist, 0x36) \
  XI(aeskeygenassist, 0xff)
