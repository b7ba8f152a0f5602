/**
 * Shared ownership marks of Linux links and namespaces (src/backends/ownership.ts): the
 * alias lists every owning project, the maker first; old one-project marks read as before.
 */
import { describe, expect, it } from 'vitest';
import { isVshLink, linkOwners, ownsLink, releaseLink, remadeMark, shareLink } from '../../src/backends/ownership.js';

describe('Linux ownership marks', () => {
  it('reads one owner (the mark vsh always wrote), several, and none', () => {
    expect(linkOwners('vsh:red')).toEqual(['red']);
    expect(linkOwners('vsh:red,blue')).toEqual(['red', 'blue']);
    expect(linkOwners('vsh')).toEqual([]); // made without a project: no named owner
    expect(linkOwners('uplink to rack 3')).toEqual([]);
    expect(linkOwners(undefined)).toEqual([]);
    expect(isVshLink('vsh:red,blue')).toBe(true);
    expect(ownsLink('vsh:red,blue', 'blue')).toBe(true);
    expect(ownsLink('vsh:red,blue', 'green')).toBe(false);
    expect(ownsLink('vsh:red-2', 'red')).toBe(false);
    expect(ownsLink('vsh', undefined)).toBe(true);
  });

  it('a second project declaring the link adds itself; one that owns it already adds nothing', () => {
    expect(shareLink('vsh:red', 'blue')).toEqual({ alias: 'vsh:red,blue', line: 'owners: red -> red,blue' });
    expect(shareLink('vsh:red,blue', 'blue')).toBeUndefined();
    expect(shareLink('someone else', 'blue')).toBeUndefined(); // not vsh's: never marked as ours
    expect(shareLink('vsh', 'blue')).toBeUndefined();
    expect(shareLink('vsh:red', undefined)).toBeUndefined();
  });

  it('a project dropping a shared link takes only its own name off; the last owner gets nothing to release (it deletes)', () => {
    expect(releaseLink('vsh:red,blue,green', 'blue')).toEqual({ alias: 'vsh:red,green', line: 'owners: red,blue,green -> red,green', others: ['red', 'green'] });
    expect(releaseLink('vsh:red,blue', 'red')).toEqual({ alias: 'vsh:blue', line: 'owners: red,blue -> blue', others: ['blue'] });
    expect(releaseLink('vsh:red', 'red')).toBeUndefined();
    expect(releaseLink('vsh:red', 'blue')).toBeUndefined();
  });

  it('a link made again keeps its owners', () => {
    expect(remadeMark(undefined, 'red')).toBe('vsh:red');
    expect(remadeMark('vsh', 'red')).toBe('vsh:red');
    expect(remadeMark('vsh:red,blue', 'blue')).toBe('vsh:red,blue');
    expect(remadeMark('vsh:red', 'blue')).toBe('vsh:red,blue');
  });
});
