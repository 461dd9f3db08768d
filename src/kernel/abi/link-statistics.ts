// The counters of struct rtnl_link_stats (linux/if_link.h), in the struct's order, by the names of
// the files that hold them in /sys/class/net/<interface>/statistics: the netlink route socket's
// IFLA_STATS/IFLA_STATS64 (kernel) and getifaddrs's AF_PACKET ifa_data (Miros libc) lay them out.
export const LINK_STATISTICS: readonly string[] = [
  'rx_packets',
  'tx_packets',
  'rx_bytes',
  'tx_bytes',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
  'multicast',
  'collisions',
  'rx_length_errors',
  'rx_over_errors',
  'rx_crc_errors',
  'rx_frame_errors',
  'rx_fifo_errors',
  'rx_missed_errors',
  'tx_aborted_errors',
  'tx_carrier_errors',
  'tx_fifo_errors',
  'tx_heartbeat_errors',
  'tx_window_errors',
  'rx_compressed',
  'tx_compressed',
  'rx_nohandler',
];
