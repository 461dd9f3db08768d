// glibc's struct _IO_FILE on x86-64 (libio/bits/types/struct_FILE.h), field by field, because
// compiled code reads and writes it directly: putc_unlocked/getc_unlocked are inline macros over
// _IO_write_ptr/_IO_write_end and _IO_read_ptr/_IO_read_end, fileno_unlocked reads _fileno, and
// feof_unlocked/ferror_unlocked test _flags. struct _IO_FILE_plus adds the vtable pointer.
export const FILE_FLAGS = 0x00;
export const FILE_READ_PTR = 0x08;
export const FILE_READ_END = 0x10;
export const FILE_READ_BASE = 0x18;
export const FILE_WRITE_BASE = 0x20;
export const FILE_WRITE_PTR = 0x28;
export const FILE_WRITE_END = 0x30;
export const FILE_BUF_BASE = 0x38;
export const FILE_BUF_END = 0x40;
export const FILE_SAVE_BASE = 0x48;
export const FILE_BACKUP_BASE = 0x50;
export const FILE_SAVE_END = 0x58;
export const FILE_MARKERS = 0x60;
export const FILE_CHAIN = 0x68;
export const FILE_FILENO = 0x70;
export const FILE_FLAGS2 = 0x74;
export const FILE_OLD_OFFSET = 0x78;
export const FILE_CUR_COLUMN = 0x80;
export const FILE_VTABLE_OFFSET = 0x82;
export const FILE_SHORTBUF = 0x83;
export const FILE_LOCK = 0x88;
export const FILE_OFFSET = 0x90;
export const FILE_CODECVT = 0x98;
export const FILE_WIDE_DATA = 0xa0;
export const FILE_MODE = 0xc0;
/** sizeof(struct _IO_FILE). */
export const FILE_STRUCT_SIZE = 216;
/** struct _IO_FILE_plus: the FILE and its vtable pointer (st_size of _IO_2_1_stdout_). */
export const FILE_PLUS_SIZE = 224;
/** _IO_lock_t: { int lock; int cnt; void *owner; }. */
export const FILE_LOCK_SIZE = 16;

/** _flags bits (libio/libio.h). The high half is the magic 0xFBAD0000. */
export const enum FileFlag {
  MAGIC = 0xfbad0000,
  USER_BUF = 0x0001,
  UNBUFFERED = 0x0002,
  NO_READS = 0x0004,
  NO_WRITES = 0x0008,
  EOF_SEEN = 0x0010,
  ERR_SEEN = 0x0020,
  DELETE_DONT_CLOSE = 0x0040,
  LINKED = 0x0080,
  IN_BACKUP = 0x0100,
  LINE_BUF = 0x0200,
  TIED_PUT_GET = 0x0400,
  CURRENTLY_PUTTING = 0x0800,
  IS_APPENDING = 0x1000,
  IS_FILEBUF = 0x2000,
  USER_LOCK = 0x8000,
}
