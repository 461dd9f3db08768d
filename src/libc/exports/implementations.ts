// What implements each exported name: the function tables and data-object tables of the libc
// parts, merged. The export table (./export-table.ts) binds every glibc version of a name to its
// entry here, unless VERSION_OVERRIDES says otherwise for one version.

import { ARGP_FUNCTIONS, ARGP_OBJECTS } from '../argp/argp-parse.ts';
import { BACKTRACE_FUNCTIONS } from '../backtrace/backtrace-functions.ts';
import { CTYPE_FUNCTIONS } from '../ctype/ctype-tables.ts';
import { DL_FUNCTIONS } from '../dl/dl-functions.ts';
import { LINUX_CALL_FUNCTIONS } from '../dl/linux-calls.ts';
import { ENVIRONMENT_FUNCTIONS } from '../environment/environment.ts';
import { ERR_FUNCTIONS, ERR_OBJECTS } from '../err/err-functions.ts';
import { FNMATCH_FUNCTIONS } from '../fnmatch/fnmatch-functions.ts';
import { FORTIFY_CHECK_FUNCTIONS } from '../fortify/fortify-checks.ts';
import { FTS_FUNCTIONS } from '../fts/fts-functions.ts';
import { FTW_FUNCTIONS } from '../ftw/ftw-functions.ts';
import { GETOPT_FUNCTIONS, GETOPT_OBJECTS } from '../getopt/getopt.ts';
import { GETTEXT_FUNCTIONS, GETTEXT_OBJECTS } from '../gettext/gettext-functions.ts';
import { GLOB_FUNCTIONS } from '../glob/glob-functions.ts';
import { ICONV_FUNCTIONS } from '../iconv/iconv-functions.ts';
import { ADDRESS_INFO_FUNCTIONS } from '../inet/address-info.ts';
import { HOST_IDENTIFIER_FUNCTIONS } from '../inet/host-identifier.ts';
import { HOST_LOOKUP_FUNCTIONS } from '../inet/host-lookups.ts';
import { INET_FUNCTIONS } from '../inet/inet-functions.ts';
import { INTERFACE_ADDRESS_FUNCTIONS } from '../inet/interface-addresses.ts';
import { INTERFACE_FUNCTIONS, INTERFACE_OBJECTS } from '../inet/interfaces.ts';
import { NETWORK_DATABASE_FUNCTIONS } from '../inet/network-database.ts';
import { SOCKET_FUNCTIONS } from '../inet/socket-functions.ts';
import { IPC_FUNCTIONS } from '../ipc/ipc-functions.ts';
import { ARCH_PRCTL_FUNCTIONS } from '../linux/arch-prctl.ts';
import { CURRENT_CPU_FUNCTIONS } from '../linux/current-cpu.ts';
import { FILE_EVENT_FUNCTIONS } from '../linux/file-event-wrappers.ts';
import { KERNEL_LOG_FUNCTIONS } from '../linux/kernel-log.ts';
import { LINUX_WRAPPER_FUNCTIONS } from '../linux/linux-wrappers.ts';
import { MEMORY_REMAP_FUNCTIONS } from '../linux/memory-remap.ts';
import { PTRACE_FUNCTIONS } from '../linux/ptrace.ts';
import { LOCALE_FUNCTIONS } from '../locale/locale-functions.ts';
import { MESSAGE_CATALOG_FUNCTIONS } from '../locale/message-catalogs.ts';
import { UTMP_FUNCTIONS } from '../login/utmp-functions.ts';
import { BY_VALUE_TOTAL_ORDER } from '../math/ieee-bindings.ts';
import { LDEXPL_FUNCTIONS } from '../math/ldexpl.ts';
import { LONG_DOUBLE_ROUNDING_FUNCTIONS } from '../math/long-double-rounding.ts';
import { MATH_FUNCTIONS } from '../math/math-functions.ts';
import { MNTENT_FUNCTIONS } from '../mntent/mntent-functions.ts';
import { OBSTACK_FUNCTIONS, OBSTACK_OBJECTS } from '../obstack/obstack-functions.ts';
import { ATFORK_FUNCTIONS } from '../process/atfork.ts';
import { DAEMON_FUNCTIONS } from '../process/daemon.ts';
import { EXEC_FUNCTIONS } from '../process/exec-functions.ts';
import { FORK_FUNCTIONS } from '../process/fork.ts';
import { IDENTITY_FUNCTIONS } from '../process/identity-functions.ts';
import { SPAWN_FUNCTIONS } from '../process/spawn.ts';
import { SYSTEM_SHELL_FUNCTIONS } from '../process/system.ts';
import { WAIT_FUNCTIONS } from '../process/wait-functions.ts';
import { ATTRIBUTE_AFFINITY_FUNCTIONS, ATTRIBUTE_AFFINITY_OLD_VERSIONS } from '../pthread/attribute-affinity.ts';
import { C11_THREAD_FUNCTIONS } from '../pthread/c11-threads.ts';
import { CPU_CLOCK_FUNCTIONS } from '../pthread/cpu-clock.ts';
import { PTHREAD_FUNCTIONS } from '../pthread/pthread-functions.ts';
import { AFFINITY_OLD_VERSIONS } from '../pthread/scheduling.ts';
import { DATABASE_STREAM_FUNCTIONS } from '../pwd/database-streams.ts';
import { GSHADOW_FUNCTIONS } from '../pwd/gshadow-functions.ts';
import { INITGROUPS_FUNCTIONS } from '../pwd/initgroups.ts';
import { PWD_FUNCTIONS } from '../pwd/pwd-functions.ts';
import { SHADOW_FUNCTIONS } from '../pwd/shadow-functions.ts';
import { GNU_REGEX_FUNCTIONS, GNU_REGEX_OBJECTS } from '../regex/gnu-regex.ts';
import { REGEX_FUNCTIONS } from '../regex/regex-functions.ts';
import { RESOLVER_FUNCTIONS, RESOLVER_OBJECTS } from '../resolver/resolver-functions.ts';
import { BINARY_TREE_FUNCTIONS } from '../search/binary-tree.ts';
import { HASH_TABLE_FUNCTIONS } from '../search/hash-table.ts';
import { LINEAR_SEARCH_FUNCTIONS } from '../search/linear-search.ts';
import { SETJMP_FUNCTIONS } from '../setjmp/setjmp-functions.ts';
import { USER_CONTEXT_FUNCTIONS } from '../setjmp/user-contexts.ts';
import { SIGNAL_FUNCTIONS } from '../signal/signal-functions.ts';
import { LIBC_VERSION_FUNCTIONS } from '../start/libc-version.ts';
import { STARTUP_FUNCTIONS, STARTUP_OBJECTS } from '../start/startup.ts';
import { COOKIE_STREAM_FUNCTIONS } from '../stdio/cookie-streams.ts';
import { FILE_FUNCTIONS } from '../stdio/file-functions.ts';
import { LIBIO_NAME_FUNCTIONS } from '../stdio/libio-names.ts';
import { MEMORY_STREAM_FUNCTIONS } from '../stdio/memory-streams.ts';
import { PARSE_PRINTF_FORMAT_FUNCTIONS } from '../stdio/parse-printf-format.ts';
import { STDIO_OBJECTS, STDIO_OUTPUT_FUNCTIONS } from '../stdio/stdio-functions.ts';
import { STDIO_INPUT_FUNCTIONS } from '../stdio/stdio-input-functions.ts';
import { STDIO_EXT_FUNCTIONS } from '../stdio-ext/stdio-ext-functions.ts';
import { STREAM_LOCK_FUNCTIONS } from '../stdio-ext/stream-locks.ts';
import { CPU_SET_ALLOCATION_FUNCTIONS } from '../stdlib/cpu-set-allocation.ts';
import { DRAND48_FUNCTIONS } from '../stdlib/drand48-functions.ts';
import { INTEGER_DIVISION_FUNCTIONS } from '../stdlib/integer-division.ts';
import { MALLOC_FUNCTIONS } from '../stdlib/malloc-functions.ts';
import { RANDOM_FUNCTIONS } from '../stdlib/random-functions.ts';
import { RPMATCH_FUNCTIONS } from '../stdlib/rpmatch.ts';
import { SCRATCH_BUFFER_FUNCTIONS } from '../stdlib/scratch-buffers.ts';
import { STDLIB_FUNCTIONS } from '../stdlib/stdlib-functions.ts';
import { TEMP_FILE_FUNCTIONS } from '../stdlib/temp-files.ts';
import { ARGZ_FUNCTIONS } from '../string/argz.ts';
import { CASE_INSENSITIVE_SEARCH_FUNCTIONS } from '../string/case-insensitive-search.ts';
import { FIND_FIRST_SET_FUNCTIONS } from '../string/find-first-set.ts';
import { STRERROR_LOCALE_FUNCTIONS } from '../string/strerror-locale.ts';
import { STRING_FUNCTIONS } from '../string/string-functions.ts';
import { STRVERSCMP_FUNCTIONS } from '../strverscmp/strverscmp.ts';
import { SYSLOG_FUNCTIONS } from '../syslog/syslog-functions.ts';
import { GETPASS_FUNCTIONS } from '../termios/getpass.ts';
import { PSEUDO_TERMINAL_FUNCTIONS } from '../termios/pseudo-terminal-functions.ts';
import { TERMIOS_FUNCTIONS } from '../termios/termios-functions.ts';
import { CLOCK_SLEEP_FUNCTIONS } from '../time/clock-sleep.ts';
import { LOCAL_TIME_FUNCTIONS, LOCAL_TIME_OBJECTS } from '../time/local-time.ts';
import { NTP_TIME_FUNCTIONS } from '../time/ntp-time.ts';
import { TIME_FUNCTIONS } from '../time/time-functions.ts';
import { TIMESPEC_GET_FUNCTIONS } from '../time/timespec-get.ts';
import { ADMINISTRATION_FUNCTIONS } from '../unistd/administration-functions.ts';
import { CLOSEFROM_FUNCTIONS } from '../unistd/closefrom.ts';
import { CONFSTR_FUNCTIONS } from '../unistd/confstr.ts';
import { CTERMID_FUNCTIONS } from '../unistd/ctermid.ts';
import { CURRENT_DIRECTORY_FUNCTIONS } from '../unistd/current-directory.ts';
import { DESCRIPTOR_TABLE_SIZE_FUNCTIONS } from '../unistd/descriptor-table-size.ts';
import { DEVICE_NUMBER_FUNCTIONS } from '../unistd/device-numbers.ts';
import { DIRENT_FUNCTIONS } from '../unistd/dirent-functions.ts';
import { FILE_SPACE_FUNCTIONS } from '../unistd/file-space-functions.ts';
import { FILE_SYSTEM_FUNCTIONS, FORTIFIED_FILE_SYSTEM_FUNCTIONS } from '../unistd/file-system-functions.ts';
import { GROUP_MEMBER_FUNCTIONS } from '../unistd/group-member.ts';
import { LOAD_AVERAGE_FUNCTIONS } from '../unistd/load-average.ts';
import { PATHCONF_FUNCTIONS } from '../unistd/pathconf.ts';
import { PATH_FUNCTIONS } from '../unistd/paths.ts';
import { PROGRAM_BREAK_FUNCTIONS } from '../unistd/program-break.ts';
import { RESOURCE_FUNCTIONS } from '../unistd/resource-functions.ts';
import { SCANDIR_FUNCTIONS } from '../unistd/scandir.ts';
import { SELECT_FUNCTIONS } from '../unistd/select.ts';
import { SYSTEM_FUNCTIONS } from '../unistd/system-functions.ts';
import { TERMINAL_NAME_FUNCTIONS } from '../unistd/terminal-name.ts';
import { UNISTD_FUNCTIONS } from '../unistd/unistd-functions.ts';
import { USER_SHELL_FUNCTIONS } from '../unistd/user-shells.ts';
import { VECTORED_IO_FUNCTIONS } from '../unistd/vectored-io.ts';
import { WCHAR_FUNCTIONS } from '../wchar/wchar-functions.ts';
import { WCWIDTH_FUNCTIONS } from '../wchar/wcwidth-functions.ts';
import { WIDE_NUMBER_PARSING_FUNCTIONS } from '../wchar/wide-number-parsing.ts';
import type { FunctionTable, LibcFunction, ObjectTable } from './binding-types.ts';
import { mergeParts } from './merge-parts.ts';

export const FUNCTIONS: FunctionTable = mergeParts({
  STARTUP_FUNCTIONS,
  PTHREAD_FUNCTIONS,
  INET_FUNCTIONS,
  NETWORK_DATABASE_FUNCTIONS,
  SOCKET_FUNCTIONS,
  ADDRESS_INFO_FUNCTIONS,
  HOST_LOOKUP_FUNCTIONS,
  HOST_IDENTIFIER_FUNCTIONS,
  INTERFACE_FUNCTIONS,
  STDIO_OUTPUT_FUNCTIONS,
  STDIO_INPUT_FUNCTIONS,
  FILE_FUNCTIONS,
  MEMORY_STREAM_FUNCTIONS,
  COOKIE_STREAM_FUNCTIONS,
  LIBIO_NAME_FUNCTIONS,
  ARCH_PRCTL_FUNCTIONS,
  CLOSEFROM_FUNCTIONS,
  LIBC_VERSION_FUNCTIONS,
  NTP_TIME_FUNCTIONS,
  STRING_FUNCTIONS,
  MALLOC_FUNCTIONS,
  STDLIB_FUNCTIONS,
  RANDOM_FUNCTIONS,
  DRAND48_FUNCTIONS,
  INTEGER_DIVISION_FUNCTIONS,
  CPU_SET_ALLOCATION_FUNCTIONS,
  DESCRIPTOR_TABLE_SIZE_FUNCTIONS,
  CTYPE_FUNCTIONS,
  UNISTD_FUNCTIONS,
  FILE_SYSTEM_FUNCTIONS,
  FORTIFIED_FILE_SYSTEM_FUNCTIONS,
  DIRENT_FUNCTIONS,
  GETOPT_FUNCTIONS,
  TIME_FUNCTIONS,
  SIGNAL_FUNCTIONS,
  SETJMP_FUNCTIONS,
  MATH_FUNCTIONS,
  TEMP_FILE_FUNCTIONS,
  RPMATCH_FUNCTIONS,
  DL_FUNCTIONS,
  LINUX_CALL_FUNCTIONS,
  ENVIRONMENT_FUNCTIONS,
  LOCALE_FUNCTIONS,
  GETTEXT_FUNCTIONS,
  LOCAL_TIME_FUNCTIONS,
  WCHAR_FUNCTIONS,
  ICONV_FUNCTIONS,
  PATH_FUNCTIONS,
  PATHCONF_FUNCTIONS,
  PROGRAM_BREAK_FUNCTIONS,
  RESOURCE_FUNCTIONS,
  SELECT_FUNCTIONS,
  SYSTEM_FUNCTIONS,
  PWD_FUNCTIONS,
  ERR_FUNCTIONS,
  FORTIFY_CHECK_FUNCTIONS,
  LINUX_WRAPPER_FUNCTIONS,
  IPC_FUNCTIONS,
  FILE_EVENT_FUNCTIONS,
  ATFORK_FUNCTIONS,
  FORK_FUNCTIONS,
  SYSTEM_SHELL_FUNCTIONS,
  SPAWN_FUNCTIONS,
  WAIT_FUNCTIONS,
  EXEC_FUNCTIONS,
  STDIO_EXT_FUNCTIONS,
  STREAM_LOCK_FUNCTIONS,
  TERMIOS_FUNCTIONS,
  WCWIDTH_FUNCTIONS,
  FNMATCH_FUNCTIONS,
  STRVERSCMP_FUNCTIONS,
  MNTENT_FUNCTIONS,
  IDENTITY_FUNCTIONS,
  FILE_SPACE_FUNCTIONS,
  TERMINAL_NAME_FUNCTIONS,
  OBSTACK_FUNCTIONS,
  SCANDIR_FUNCTIONS,
  LINEAR_SEARCH_FUNCTIONS,
  FTW_FUNCTIONS,
  FTS_FUNCTIONS,
  BINARY_TREE_FUNCTIONS,
  HASH_TABLE_FUNCTIONS,
  GLOB_FUNCTIONS,
  SYSLOG_FUNCTIONS,
  REGEX_FUNCTIONS,
  C11_THREAD_FUNCTIONS,
  TIMESPEC_GET_FUNCTIONS,
  CASE_INSENSITIVE_SEARCH_FUNCTIONS,
  STRERROR_LOCALE_FUNCTIONS,
  WIDE_NUMBER_PARSING_FUNCTIONS,
  LDEXPL_FUNCTIONS,
  CURRENT_DIRECTORY_FUNCTIONS,
  PARSE_PRINTF_FORMAT_FUNCTIONS,
  INITGROUPS_FUNCTIONS,
  DAEMON_FUNCTIONS,
  BACKTRACE_FUNCTIONS,
  CONFSTR_FUNCTIONS,
  LOAD_AVERAGE_FUNCTIONS,
  MESSAGE_CATALOG_FUNCTIONS,
  CTERMID_FUNCTIONS,
  MEMORY_REMAP_FUNCTIONS,
  USER_CONTEXT_FUNCTIONS,
  ADMINISTRATION_FUNCTIONS,
  DATABASE_STREAM_FUNCTIONS,
  GSHADOW_FUNCTIONS,
  PSEUDO_TERMINAL_FUNCTIONS,
  UTMP_FUNCTIONS,
  SHADOW_FUNCTIONS,
  RESOLVER_FUNCTIONS,
  INTERFACE_ADDRESS_FUNCTIONS,
  ARGP_FUNCTIONS,
  GNU_REGEX_FUNCTIONS,
  GETPASS_FUNCTIONS,
  CLOCK_SLEEP_FUNCTIONS,
  DEVICE_NUMBER_FUNCTIONS,
  PTRACE_FUNCTIONS,
  VECTORED_IO_FUNCTIONS,
  CPU_CLOCK_FUNCTIONS,
  FIND_FIRST_SET_FUNCTIONS,
  KERNEL_LOG_FUNCTIONS,
  USER_SHELL_FUNCTIONS,
  ARGZ_FUNCTIONS,
  GROUP_MEMBER_FUNCTIONS,
  CURRENT_CPU_FUNCTIONS,
  SCRATCH_BUFFER_FUNCTIONS,
  LONG_DOUBLE_ROUNDING_FUNCTIONS,
  ATTRIBUTE_AFFINITY_FUNCTIONS,
});

export const OBJECTS: ObjectTable = mergeParts({
  STARTUP_OBJECTS,
  GETTEXT_OBJECTS,
  STDIO_OBJECTS,
  GETOPT_OBJECTS,
  LOCAL_TIME_OBJECTS,
  ERR_OBJECTS,
  OBSTACK_OBJECTS,
  INTERFACE_OBJECTS,
  RESOLVER_OBJECTS,
  ARGP_OBJECTS,
  GNU_REGEX_OBJECTS,
});

/**
 * Versions whose behaviour differs from the name's default: a function for that version, or
 * null for a version Miros does not export (its old ABI is not implemented).
 */
export const VERSION_OVERRIDES: Readonly<Record<string, LibcFunction | null>> = {
  // totalorder and totalordermag (and f forms) took their arguments by value before GLIBC_2.31.
  ...BY_VALUE_TOTAL_ORDER,
  // pthread_setaffinity_np/pthread_getaffinity_np took no set size at GLIBC_2.3.3.
  ...AFFINITY_OLD_VERSIONS,
  // pthread_attr_setaffinity_np/pthread_attr_getaffinity_np likewise.
  ...ATTRIBUTE_AFFINITY_OLD_VERSIONS,
};

/** Data objects that are aliases of one variable in glibc (same address): copy relocations move them together. */
export const OBJECT_ALIASES: Readonly<Record<string, string>> = {
  __environ: 'environ',
  _environ: 'environ',
  program_invocation_short_name: '__progname',
  program_invocation_name: '__progname_full',
};
