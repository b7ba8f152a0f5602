import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOSTS = 'host hostA address 192.0.2.11\nhost hostB address 192.0.2.12\n';

describe('VN143 macvtap-passthru', () => {
  it('flags a passthru macvtap whose link another macvtap uses, related to the other', () => {
    const [d, ...rest] = withCode(`${HOSTS}macvtap mv0 on hostA link ens2 mode bridge\nmacvtap mv1 on hostA link ens2 mode passthru\n`, 'VN143');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:27');
    expect(d!.message).toBe("passthru macvtap 'mv1' on hostA needs link ens2 to itself, but macvtap 'mv0' (bridge) also uses it");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 27 });
  });

  it('does not fire for shared non-passthru links, or the same link on another host', () => {
    expect(
      withCode(
        `${HOSTS}macvtap mv0 on hostA link ens2 mode bridge
macvtap mv1 on hostA link ens2 mode vepa
macvtap mv2 on hostB link ens2 mode passthru
macvtap mv3 on hostA link ens3 mode passthru
`,
        'VN143',
      ),
    ).toEqual([]);
  });
});
