// The files parser of Miros libc's passwd and group databases (src/libc/pwd/user-database.ts)
// against glibc 2.36's: data/user-database.expected is what fgetpwent/fgetgrent — the parser
// nss_files uses for /etc/passwd and /etc/group — made of the committed fixture files
// (generators/user-database.c). The fixtures hold the awkward lines: comments, indentation,
// missing and extra fields, signs and overflow in ids, blanks and empty names in member lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseLines, groupEntries, passwdEntries } from '../../src/libc/pwd/user-database.ts';

const data = (name: string) => readFileSync(join(import.meta.dirname, 'data', name), 'latin1');

describe('passwd and group lines, parsed as glibc parses them', () => {
  const expected = data('user-database.expected')
    .split('\n')
    .filter((line) => line !== '');

  it('passwd: the same entries, field by field', () => {
    const actual = passwdEntries(databaseLines(data('user-database.passwd'))).map(
      (e) => `passwd|${e.name}|${e.passwd}|${e.uid}|${e.gid}|${e.gecos}|${e.dir}|${e.shell}`,
    );
    expect(actual).toEqual(expected.filter((line) => line.startsWith('passwd|')));
  });

  it('group: the same entries and member lists', () => {
    const actual = groupEntries(databaseLines(data('user-database.group'))).map(
      (e) => `group|${e.name}|${e.passwd}|${e.gid}|${e.members.join(',')}`,
    );
    expect(actual).toEqual(expected.filter((line) => line.startsWith('group|')));
  });
});
