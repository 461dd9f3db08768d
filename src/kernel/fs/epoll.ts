// epoll(7): an interest list of (descriptor, open file) pairs with the events wanted and the
// user's 64-bit data, and the readiness of its members, as Linux's fs/eventpoll.c shows it:
// - level-triggered by default: a member is reported at every epoll_wait while it is ready;
// - EPOLLONESHOT: reported once, then disabled until EPOLL_CTL_MOD;
// - EPOLLET (edge-triggered): reported when it has become ready, or had more happen to it
//   (more data written…), since it was last reported. Linux learns that from the files' wake-up
//   callbacks; Miros from each file's change serial (OpenFile.changeSerial: pipes, eventfd,
//   timerfd keep one; a file without one is reported when it turns from not ready to ready);
// - the order of a wait's results: members still ready from before keep their turn (a
//   level-triggered member goes to the back once reported), newly ready ones follow in the
//   order they changed (their change serials), then in the order they were added;
// - a member goes away when its open file description is closed everywhere (closing one of
//   several descriptors of it leaves it in), as Linux's do.

import { PollEvent } from '../abi/flags.ts';
import { AnonInodeFile } from './anon-inode.ts';
import type { OpenFile } from './open-file.ts';

export const EpollEvent = {
  IN: 0x001,
  PRI: 0x002,
  OUT: 0x004,
  ERR: 0x008,
  HUP: 0x010,
  RDNORM: 0x040,
  RDBAND: 0x080,
  WRNORM: 0x100,
  WRBAND: 0x200,
  MSG: 0x400,
  RDHUP: 0x2000,
  EXCLUSIVE: 1 << 28,
  WAKEUP: 1 << 29,
  ONESHOT: 1 << 30,
  ET: 1 << 31,
} as const;

/** The event bits epoll_ctl keeps as "wanted"; the others are the mode flags. */
const MODE_FLAGS = EpollEvent.EXCLUSIVE | EpollEvent.WAKEUP | EpollEvent.ONESHOT | EpollEvent.ET;
/** Reported whether asked for or not. */
const ALWAYS = EpollEvent.ERR | EpollEvent.HUP;

export interface EpollMember {
  readonly fd: number;
  readonly file: OpenFile;
  /** Wanted events and mode flags (EPOLLET, EPOLLONESHOT…), as epoll_ctl set them. */
  events: number;
  /** epoll_data (64 bits), as two 32-bit halves. */
  dataLow: number;
  dataHigh: number;
  /** EPOLLONESHOT after its report: nothing more until EPOLL_CTL_MOD. */
  disabled: boolean;
  /** For EPOLLET: whether it was ready when last looked at, and its change serial when reported. */
  wasReady: boolean;
  reportedChange: number;
}

export class EpollFile extends AnonInodeFile {
  private readonly members: EpollMember[] = [];
  /** Members reported or ready before, in the order of their next turn. */
  private queue: EpollMember[] = [];

  constructor(flags: number) {
    super('eventpoll', flags);
  }

  find(fd: number, file: OpenFile): EpollMember | undefined {
    return this.members.find((m) => m.fd === fd && m.file === file);
  }

  add(member: EpollMember): void {
    this.members.push(member);
  }

  remove(member: EpollMember): void {
    this.members.splice(this.members.indexOf(member), 1);
    this.queue = this.queue.filter((m) => m !== member);
  }

  /** The files of the live members (for a wait's readiness checks). */
  files(): OpenFile[] {
    this.dropClosed();
    return this.members.map((m) => m.file);
  }

  /** The members a wait would report now and their events, in Linux's order (no side effects). */
  private readyMembers(): { member: EpollMember; events: number }[] {
    this.dropClosed();
    const readyNow = new Map<EpollMember, number>();
    for (const member of this.members) {
      if (member.disabled) continue;
      const wanted = member.events & ~MODE_FLAGS;
      const events = member.file.poll(pollEventsOf(wanted) | PollEvent.ERR | PollEvent.HUP) & (wanted | ALWAYS);
      if (events === 0) continue;
      if (member.events & EpollEvent.ET) {
        const serial = member.file.changeSerial;
        const fresh = !member.wasReady || (serial !== 0 && serial > member.reportedChange);
        if (!fresh) continue;
      }
      readyNow.set(member, events);
    }
    // Members already queued keep their turn; newly ready ones follow by change, then as added.
    const order = this.queue.filter((m) => readyNow.has(m));
    const fresh = this.members.filter((m) => readyNow.has(m) && !order.includes(m));
    fresh.sort((x, y) => x.file.changeSerial - y.file.changeSerial);
    order.push(...fresh);
    return order.map((member) => ({ member, events: readyNow.get(member)! }));
  }

  /** Ready members' events, at most `max`; marks what reporting consumes (EPOLLET, EPOLLONESHOT). */
  collect(max: number): { member: EpollMember; events: number }[] {
    const ready = this.readyMembers();
    for (const member of this.members) {
      if (!(member.events & EpollEvent.ET)) continue;
      // An edge member that is not ready now must change before it is reported again.
      if (!ready.some((r) => r.member === member) && member.file.poll(0xffff) === 0) member.wasReady = false;
    }
    const reported = ready.slice(0, max);
    for (const { member } of reported) {
      if (member.events & EpollEvent.ET) {
        member.wasReady = true;
        member.reportedChange = member.file.changeSerial;
      }
      if (member.events & EpollEvent.ONESHOT) member.disabled = true;
    }
    // Not reported this time: first in line next time; reported level-triggered ones go last.
    const rest = ready.slice(max).map((r) => r.member);
    const again = reported.map((r) => r.member).filter((m) => (m.events & (EpollEvent.ET | EpollEvent.ONESHOT)) === 0);
    this.queue = [...rest, ...again];
    return reported;
  }

  override poll(events: number): number {
    // An epoll descriptor is readable while a wait would report something.
    return this.readyMembers().length > 0 ? events & (PollEvent.IN | PollEvent.RDNORM) : 0;
  }

  override get readyAt(): number {
    let at = Number.POSITIVE_INFINITY;
    for (const member of this.members) at = Math.min(at, member.file.readyAt);
    return at;
  }

  /** Members whose open file description has been closed everywhere leave the list. */
  private dropClosed(): void {
    for (const member of [...this.members]) if (!member.file.isOpen) this.remove(member);
  }

  protected override release(): void {
    for (const member of [...this.members]) this.remove(member);
    super.release();
  }
}

/** epoll's event bits are poll's (EPOLLIN = POLLIN…), but for the mode flags. */
function pollEventsOf(events: number): number {
  return events & 0xffff;
}
