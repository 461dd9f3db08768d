// The socket ABI of x86-64 Linux: address families, socket types, message flags, socket-level
// options and control-message types, with the values of <linux/socket.h>, <linux/net.h> and
// <asm-generic/socket.h>.

export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
/** Families Linux knows are below this (AF_MAX); others are EAFNOSUPPORT without a word. */
export const AF_MAX = 46;

/** Names of the families Linux has, for the "not supported yet" message. */
export const FAMILY_NAMES: Readonly<Record<number, string>> = {
  2: 'AF_INET',
  3: 'AF_AX25',
  4: 'AF_IPX',
  5: 'AF_APPLETALK',
  6: 'AF_NETROM',
  7: 'AF_BRIDGE',
  8: 'AF_ATMPVC',
  9: 'AF_X25',
  10: 'AF_INET6',
  11: 'AF_ROSE',
  12: 'AF_DECnet',
  13: 'AF_NETBEUI',
  14: 'AF_SECURITY',
  15: 'AF_KEY',
  16: 'AF_NETLINK',
  17: 'AF_PACKET',
  18: 'AF_ASH',
  19: 'AF_ECONET',
  20: 'AF_ATMSVC',
  21: 'AF_RDS',
  22: 'AF_SNA',
  23: 'AF_IRDA',
  24: 'AF_PPPOX',
  25: 'AF_WANPIPE',
  26: 'AF_LLC',
  27: 'AF_IB',
  28: 'AF_MPLS',
  29: 'AF_CAN',
  30: 'AF_TIPC',
  31: 'AF_BLUETOOTH',
  32: 'AF_IUCV',
  33: 'AF_RXRPC',
  34: 'AF_ISDN',
  35: 'AF_PHONET',
  36: 'AF_IEEE802154',
  37: 'AF_CAIF',
  38: 'AF_ALG',
  39: 'AF_NFC',
  40: 'AF_VSOCK',
  41: 'AF_KCM',
  42: 'AF_QIPCRTR',
  43: 'AF_SMC',
  44: 'AF_XDP',
  45: 'AF_MCTP',
};

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_SEQPACKET = 5;
/** SOCK_MAX: types are below it (others EINVAL). */
export const SOCK_MAX = 11;
/** The type argument's mask (flags live above it). */
export const SOCK_TYPE_MASK = 0xf;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;

export const MsgFlag = {
  OOB: 0x1,
  PEEK: 0x2,
  CTRUNC: 0x8,
  TRUNC: 0x20,
  DONTWAIT: 0x40,
  EOR: 0x80,
  WAITALL: 0x100,
  NOSIGNAL: 0x4000,
  CMSG_CLOEXEC: 0x40000000,
} as const;

export const SHUT_RD = 0;
export const SHUT_RDWR = 2;

export const SOL_SOCKET = 1;

export const SocketOption = {
  DEBUG: 1,
  REUSEADDR: 2,
  TYPE: 3,
  ERROR: 4,
  DONTROUTE: 5,
  BROADCAST: 6,
  SNDBUF: 7,
  RCVBUF: 8,
  KEEPALIVE: 9,
  OOBINLINE: 10,
  NO_CHECK: 11,
  PRIORITY: 12,
  LINGER: 13,
  BSDCOMPAT: 14,
  REUSEPORT: 15,
  PASSCRED: 16,
  PEERCRED: 17,
  RCVLOWAT: 18,
  SNDLOWAT: 19,
  RCVTIMEO: 20,
  SNDTIMEO: 21,
  ACCEPTCONN: 30,
  SNDBUFFORCE: 32,
  RCVBUFFORCE: 33,
  PASSSEC: 34,
  PROTOCOL: 38,
  DOMAIN: 39,
} as const;

export const SCM_RIGHTS = 1;
export const SCM_CREDENTIALS = 2;

/** offsetof(struct sockaddr_un, sun_path) and sizeof(struct sockaddr_un). */
export const SUN_PATH_OFFSET = 2;
export const SOCKADDR_UN_SIZE = 110;
