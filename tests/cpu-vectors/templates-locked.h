/* LOCK'd read-modify-write forms on memory and XCHG with memory (implicitly locked), for the
 * conformance vectors (see generate.c; format as templates.h). Recorded separately from
 * integer.txt.gz so that file, recorded on an Intel CPU, stays as it was (record.sh). */
#define TEMPLATES \
  X(lock_add_q, 1, K_MEM, G_BIN, "lock addq %rax, (%rsi)") X(lock_adc_l, 1, K_MEM, G_BIN, "lock adcl %eax, (%rsi)") \
  X(lock_sub_w, 1, K_MEM, G_BIN, "lock subw %ax, (%rsi)") X(lock_sbb_b, 1, K_MEM, G_BIN, "lock sbbb %al, (%rsi)") \
  X(lock_and_q, 1, K_MEM, G_BIN, "lock andq %rax, (%rsi)") X(lock_or_l, 1, K_MEM, G_BIN, "lock orl %eax, (%rsi)") \
  X(lock_xor_q_imm, 0, K_MEM, G_NONE, "lock xorq $-0x7f, (%rsi)") \
  X(lock_add_l_imm, 0, K_MEM, G_NONE, "lock addl $0x7fffffff, (%rsi)") \
  X(lock_inc_q, 0, K_MEM, G_NONE, "lock incq (%rsi)") X(lock_dec_l, 0, K_MEM, G_NONE, "lock decl (%rsi)") \
  X(lock_neg_q, 0, K_MEM, G_NONE, "lock negq (%rsi)") X(lock_not_w, 0, K_MEM, G_NONE, "lock notw (%rsi)") \
  X(lock_bts_q, 2, K_MEM, G_BITOFF, "lock btsq %rbx, (%rsi)") X(lock_btr_l_imm, 0, K_MEM, G_NONE, "lock btrl $13, (%rsi)") \
  X(lock_btc_q_imm, 0, K_MEM, G_NONE, "lock btcq $63, (%rsi)") X(xchg_q_mem, 1, K_MEM, G_BIN, "xchgq %rax, (%rsi)") \
  X(xchg_b_mem, 1, K_MEM, G_BIN, "xchgb %al, (%rsi)") \
  X(lock_xadd_l, 1, K_MEM, G_BIN, "lock xaddl %eax, (%rsi)") \
  X(lock_cmpxchg_b, 3, K_MEM, G_CMPXCHGMEM, "lock cmpxchgb %bl, (%rsi)")
