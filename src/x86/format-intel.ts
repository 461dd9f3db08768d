// Intel-syntax text of a decoded instruction, as GNU objdump 2.40 prints it with `-M intel`:
// `mov    rax,QWORD PTR fs:0x28`, `rep stos QWORD PTR es:[rdi],rax`, `vpcmpltub k1,zmm2,[rax]`.
// Used by `miros objdump` and by crash reports.
//
// objdump's conventions reproduced here: lower-case mnemonics padded to seven columns (prefix words
// included) when operands follow; hexadecimal immediates masked to the operand size; signed
// displacements except rip-relative ones (shown as 64-bit unsigned); `riz`/`eiz` for a SIB byte
// without index; `ds:` before an absolute address; fs/gs overrides inside the memory operand and
// other segment prefixes as words; comparison predicates folded into the mnemonic (cmpltps).

import { formAt } from './decode-index.ts';
import { MnemonicVariant, Predicate } from './form.ts';
import {
  Encoding,
  type Instruction,
  MEM_BASE_RIP,
  MEM_NONE,
  type Operand,
  OperandKind,
  PrefixWord,
  RegisterClass,
  Segment,
} from './instruction.ts';
import { OperandSource, resolveSize, SizeRule } from './operand-spec.ts';
import { gprName, registerName } from './registers.ts';

export interface FormatOptions {
  /**
   * Text for a code address (branch targets, the rip-relative comment). objdump shows
   * `1234 <symbol+0x10>` for ELF files; the default is `0x1234`.
   */
  address?: (address: number) => string;
  /** Append objdump's `        # <address>` comment after a rip-relative operand (default true). */
  ripComment?: boolean;
}

const defaultAddress = (address: number): string => `0x${address.toString(16)}`;

const segmentNames = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

const rexNames = ['rex', 'rex.B', 'rex.X', 'rex.XB', 'rex.R', 'rex.RB', 'rex.RX', 'rex.RXB'];
const rexWNames = ['rex.W', 'rex.WB', 'rex.WX', 'rex.WXB', 'rex.WR', 'rex.WRB', 'rex.WRX', 'rex.WRXB'];

/** The word objdump prints for a prefix-word value. */
export function prefixWordName(word: number): string {
  if ((word & 0xf0) === 0x40) return (word & 8 ? rexWNames : rexNames)[word & 7]!;
  switch (word) {
    case 0x66:
      return 'data16';
    case 0x67:
      return 'addr32';
    case 0xf0:
      return 'lock';
    case 0xf2:
      return 'repnz';
    case 0xf3:
      return 'repz';
    case 0x26:
      return 'es';
    case 0x2e:
      return 'cs';
    case 0x36:
      return 'ss';
    case 0x3e:
      return 'ds';
    case 0x64:
      return 'fs';
    case 0x65:
      return 'gs';
    case 0x9b:
      return 'fwait';
    case PrefixWord.Rep:
      return 'rep';
    case PrefixWord.Bnd:
      return 'bnd';
    case PrefixWord.Notrack:
      return 'notrack';
    case PrefixWord.Xacquire:
      return 'xacquire';
    case PrefixWord.Xrelease:
      return 'xrelease';
    default:
      return `prefix(0x${word.toString(16)})`;
  }
}

/** Size keywords of memory operands. */
function sizeKeyword(size: number, rule: SizeRule): string {
  if (rule === SizeRule.Oword) return 'OWORD PTR ';
  switch (size) {
    case 1:
      return 'BYTE PTR ';
    case 2:
      return 'WORD PTR ';
    case 4:
      return 'DWORD PTR ';
    case 6:
      return 'FWORD PTR ';
    case 8:
      return 'QWORD PTR ';
    case 10:
      return 'TBYTE PTR ';
    case 16:
      return 'XMMWORD PTR ';
    case 32:
      return 'YMMWORD PTR ';
    case 64:
      return 'ZMMWORD PTR ';
    default:
      return '';
  }
}

const compareNames = ['eq', 'lt', 'le', 'unord', 'neq', 'nlt', 'nle', 'ord'];
const vexCompareNames = [
  ...compareNames,
  'eq_uq',
  'nge',
  'ngt',
  'false',
  'neq_oq',
  'ge',
  'gt',
  'true',
  'eq_os',
  'lt_oq',
  'le_oq',
  'unord_s',
  'neq_us',
  'nlt_uq',
  'nle_uq',
  'ord_s',
  'eq_us',
  'nge_uq',
  'ngt_uq',
  'false_os',
  'neq_os',
  'ge_oq',
  'gt_oq',
  'true_us',
];
const xopCompareNames = ['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'false', 'true'];
const pclmulNames = ['lql', 'hql', 'lqh', 'hqh'];
const roundingNames = ['{rn-sae}', '{rd-sae}', '{ru-sae}', '{rz-sae}'];

/** Lower-case hexadecimal of a 64-bit value given as int32 halves, masked to `size` bytes. */
function hex64(lo: number, hi: number, size: number): string {
  if (size >= 8 && hi !== 0) return `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`;
  let value = lo >>> 0;
  if (size === 1) value &= 0xff;
  else if (size === 2) value &= 0xffff;
  return `0x${value.toString(16)}`;
}

/** The mnemonic text for an instruction, before predicate folding. */
function baseMnemonic(insn: Instruction): string {
  const form = formAt(insn.form);
  const m = form.mnemonics;
  switch (form.variant) {
    case MnemonicVariant.OperandSize:
      return m[insn.operandSize === 2 ? 0 : insn.operandSize === 4 ? 1 : 2]!;
    case MnemonicVariant.AddressSize:
      return m[insn.addressSize === 4 ? 0 : 1]!;
    case MnemonicVariant.W:
      return m[insn.operandSize === 8 ? 1 : 0]!;
    case MnemonicVariant.VectorLength:
      return m[insn.vectorLength === 64 ? 2 : insn.vectorLength === 32 ? 1 : 0] ?? m[0]!;
    default:
      return m[0]!;
  }
}

/**
 * The mnemonic as objdump shows it, and whether the immediate became part of it (cmpltps,
 * pclmulhqhqdq, vpcmpltub, vpcomgtb).
 */
function mnemonicOf(insn: Instruction): { text: string; immediateFolded: boolean } {
  const form = formAt(insn.form);
  let text = baseMnemonic(insn);
  const value = insn.imm & 0xff;
  switch (form.predicate) {
    case Predicate.Compare: {
      const names = insn.encoding === Encoding.Legacy ? compareNames : vexCompareNames;
      if (value < names.length)
        return { text: text.slice(0, -2) + names[value]! + text.slice(-2), immediateFolded: true };
      break;
    }
    case Predicate.Pclmul: {
      const kind = value === 0x10 ? 2 : value === 0x11 ? 3 : value;
      if (kind < 4) return { text: text.slice(0, -3) + pclmulNames[kind]! + text.slice(-3), immediateFolded: true };
      break;
    }
    case Predicate.IntegerCompare:
      if (value < 8 && value !== 3 && value !== 7) {
        const cut = text[text.length - 2] === 'p' ? 1 : 2;
        return { text: text.slice(0, -cut) + compareNames[value]! + text.slice(-cut), immediateFolded: true };
      }
      break;
    case Predicate.XopCompare:
      if (value < 8) {
        const cut = text[text.length - 2] === 'm' ? 1 : 2;
        return { text: text.slice(0, -cut) + xopCompareNames[value]! + text.slice(-cut), immediateFolded: true };
      }
      break;
  }
  text = text.replace('~', ' ');
  return { text, immediateFolded: false };
}

/** Text of the memory operand (without the size keyword). */
function memoryText(insn: Instruction, options: FormatOptions): string {
  const segment = insn.segment === Segment.FS || insn.segment === Segment.GS ? `${segmentNames[insn.segment]}:` : '';
  const names32 = insn.addressSize === 4;
  const regName = (r: number): string => gprName(r, names32 ? 4 : 8);
  const sib = insn.sib;
  const hasSib = sib >= 0;
  const disp = insn.memDisp;
  const dispHigh = insn.memDispHigh;
  if (insn.memBase === MEM_BASE_RIP) {
    const value = hex64(disp, dispHigh, 8);
    return `${segment}[${names32 ? 'eip' : 'rip'}+${value}]`;
  }
  const hasBase = insn.memBase !== MEM_NONE;
  const hasIndex = insn.memIndex !== MEM_NONE;
  const scaleBits = hasSib ? sib >> 6 : 0;
  // A SIB byte without base or index: addr32 needs an `eiz` to tell it from [disp32].
  const needIndex = hasSib && !hasBase && !hasIndex && names32;
  const hasDisp = hasBase || needIndex || (hasSib && (hasIndex || scaleBits !== 0));
  if (!hasDisp) {
    // Absolute address: moffs, or SIB with neither base nor index.
    const size = insn.addressSize === 4 && insn.memDispSize !== 4 ? 4 : 8;
    return `${segment || 'ds:'}${hex64(disp, insn.addressSize === 4 ? 0 : dispHigh, size)}`;
  }
  let text = `${segment}[`;
  if (hasBase) text += regName(insn.memBase);
  if (hasSib) {
    const rawBase = sib & 7;
    if (scaleBits !== 0 || needIndex || hasIndex || (hasBase && rawBase !== 4)) {
      if (hasBase) text += '+';
      if (hasIndex) {
        if (insn.vsib) {
          const form = formAt(insn.form);
          const rmSpec = form.operands[form.rmOperand]!;
          const indexSize = resolveSize(rmSpec.vsibIndex, 4, insn.vectorLength, insn.operandSize === 8);
          text += registerName(RegisterClass.Vector, insn.memIndex, Math.max(indexSize, 16));
        } else text += regName(insn.memIndex);
      } else text += names32 ? 'eiz' : 'riz';
      text += `*${1 << scaleBits}`;
    }
  }
  const rawRm = hasSib ? sib & 7 : -1;
  if (disp !== 0 || dispHigh !== 0 || insn.memDispSize !== 0 || rawRm === 5) {
    let value = disp;
    if (needIndex) value = disp >>> 0;
    if (value < 0) text += `-0x${(-value).toString(16)}`;
    else text += `+0x${value.toString(16)}`;
  }
  void options;
  return `${text}]`;
}

function stringOperandText(insn: Instruction, op: Operand, destination: boolean): string {
  const names32 = insn.addressSize === 4;
  const size = sizeKeyword(op.size, SizeRule.None);
  if (destination) return `${size}es:[${names32 ? 'edi' : 'rdi'}]`;
  const segment = insn.segment === Segment.FS || insn.segment === Segment.GS ? segmentNames[insn.segment] : 'ds';
  return `${size}${segment}:[${names32 ? 'esi' : 'rsi'}]`;
}

/** The operand texts of an instruction, in Intel order, and its rip-relative comment target. */
export function operandTexts(insn: Instruction, options: FormatOptions = {}): { texts: string[]; ripTarget: number } {
  const form = formAt(insn.form);
  const addressText = options.address ?? defaultAddress;
  const { immediateFolded } = mnemonicOf(insn);
  const texts: string[] = [];
  let ripTarget = -1;
  for (let i = 0; i < insn.operandCount; i++) {
    const op = insn.operands[i]!;
    const spec = form.operands[i]!;
    let text: string;
    switch (op.kind) {
      case OperandKind.Register:
        text =
          op.regClass === RegisterClass.X87 && spec.source === OperandSource.Fixed
            ? 'st'
            : registerName(op.regClass, op.reg, op.size);
        break;
      case OperandKind.Memory: {
        let keyword: string;
        if (op.broadcast !== 0)
          keyword = `${op.broadcast === 8 ? 'QWORD' : op.broadcast === 2 ? 'WORD' : 'DWORD'} BCST `;
        else if (spec.source === OperandSource.Moffs || spec.source === OperandSource.XlatMemory)
          keyword = sizeKeyword(op.size, SizeRule.None);
        else {
          const display = resolveSize(spec.memDisplay, insn.operandSize, insn.vectorLength, insn.operandSize === 8);
          keyword = sizeKeyword(display, spec.memDisplay);
        }
        if (spec.source === OperandSource.XlatMemory) text = `${keyword}ds:[${insn.addressSize === 4 ? 'ebx' : 'rbx'}]`;
        else text = keyword + memoryText(insn, options);
        if (insn.memBase === MEM_BASE_RIP) {
          const next = insn.address + insn.length;
          let target = next + insn.memDisp;
          if (insn.addressSize === 4) target = (target >>> 0) + 0;
          else if (target < 0) target += 2 ** 64;
          ripTarget = target;
        }
        break;
      }
      case OperandKind.Immediate:
        if (immediateFolded && spec.source === OperandSource.Immediate) continue;
        text =
          spec.source === OperandSource.Immediate2 ? hex64(insn.imm2, 0, 1) : hex64(insn.imm, insn.immHigh, op.size);
        break;
      case OperandKind.RelativeBranch:
        text = addressText(insn.branchTarget);
        break;
      case OperandKind.Constant:
        text = String(op.reg);
        break;
      case OperandKind.StringSource:
        text = stringOperandText(insn, op, false);
        break;
      case OperandKind.StringDestination:
        text = stringOperandText(insn, op, true);
        break;
      default:
        text = '?';
    }
    if (i === 0 && insn.encoding === Encoding.EVEX) {
      if (insn.opmask !== 0) text += `{k${insn.opmask}}`;
      if (insn.zeroing) text += '{z}';
    }
    texts.push(text);
  }
  if (insn.encoding === Encoding.EVEX && (insn.rounding >= 0 || insn.sae)) {
    // objdump attaches {rn-sae}/{sae} to the last register operand.
    for (let i = texts.length - 1; i >= 0; i--) {
      if (insn.operands[i]!.kind === OperandKind.Register) {
        texts[i] += insn.rounding >= 0 ? roundingNames[insn.rounding]! : '{sae}';
        break;
      }
    }
  }
  return { texts, ripTarget };
}

/** The instruction as objdump prints it after the raw bytes: prefixes, mnemonic, operands. */
export function formatInstruction(insn: Instruction, options: FormatOptions = {}): string {
  if (insn.form < 0) return '(bad)';
  const { text: mnemonic } = mnemonicOf(insn);
  let prefixText = '';
  for (const word of insn.prefixWords) prefixText += `${prefixWordName(word)} `;
  const { texts, ripTarget } = operandTexts(insn, options);
  if (texts.length === 0) return prefixText + mnemonic;
  const width = prefixText.length + mnemonic.length;
  let line = prefixText + mnemonic + ' '.repeat(width < 7 ? 7 - width : 1) + texts.join(',');
  if (ripTarget >= 0 && options.ripComment !== false)
    line += `        # ${(options.address ?? defaultAddress)(ripTarget)}`;
  return line;
}
