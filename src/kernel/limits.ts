// Resource limits (getrlimit/setrlimit/prlimit64): the defaults a login shell on Debian leaves.
// RLIM_INFINITY is 2^64-1; as a number it is kept as Infinity and written back as all ones.

import { Rlimit } from './abi/flags.ts';
import { DEFAULT_STACK_LIMIT } from './layout.ts';

export interface ResourceLimit {
  soft: number;
  hard: number;
}

export const RLIM_INFINITY = Number.POSITIVE_INFINITY;

export function defaultLimits(): ResourceLimit[] {
  const unlimited = (): ResourceLimit => ({ soft: RLIM_INFINITY, hard: RLIM_INFINITY });
  const limits: ResourceLimit[] = [];
  for (let i = 0; i < 16; i++) limits.push(unlimited());
  limits[Rlimit.STACK] = { soft: DEFAULT_STACK_LIMIT, hard: RLIM_INFINITY };
  limits[Rlimit.CORE] = { soft: 0, hard: RLIM_INFINITY };
  limits[Rlimit.NPROC] = { soft: 63_432, hard: 63_432 };
  limits[Rlimit.NOFILE] = { soft: 1024, hard: 1_048_576 };
  limits[Rlimit.MEMLOCK] = { soft: 8 * 1024 * 1024, hard: 8 * 1024 * 1024 };
  limits[Rlimit.SIGPENDING] = { soft: 63_432, hard: 63_432 };
  limits[Rlimit.MSGQUEUE] = { soft: 819_200, hard: 819_200 };
  limits[Rlimit.NICE] = { soft: 0, hard: 0 };
  limits[Rlimit.RTPRIO] = { soft: 0, hard: 0 };
  return limits;
}
