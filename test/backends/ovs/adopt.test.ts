import { describe, expect, it } from 'vitest';
import { foreignNotes, keepBefore, keptFields } from '../../../src/backends/ovs/adopt.js';
import { emptyState, type OvsState } from '../../../src/backends/ovs/state.js';
import type { FieldChange } from '../../../src/backends/ovs/fields.js';
import type { HostView } from '../../../src/backends/backend.js';
import type { Want } from '../../../src/backends/ovs/desired.js';

/** A bridge `hand` nobody marked (MTU 1500, nothing requested) and one `mine` of vsh's. */
function state(handIds: [string, string][] = []): OvsState {
  return {
    ...emptyState(),
    read: true,
    bridges: new Map([
      ['hand', { name: 'hand', values: new Map(handIds), ports: ['hand'] }],
      ['mine', { name: 'mine', values: new Map([['external_ids:vsh', 'p']]), ports: ['mine'] }],
    ]),
    ifaces: new Map([
      ['hand', { name: 'hand', values: new Map(), mtu: 1500 }],
      ['mine', { name: 'mine', values: new Map(), mtu: 1500 }],
    ]),
  };
}
const mtu = (record: string): FieldChange => ({ want: { table: 'Interface', record, column: 'mtu_request', value: '1400' }, was: { table: 'Interface', record, column: 'mtu_request', value: undefined } });

describe('adopting nothing', () => {
  it('keeps the old value (and the MTU an empty mtu_request left) on a row vsh did not make, only the first time', () => {
    expect(keepBefore(state(), [mtu('hand')]).keep).toEqual([['set', 'Bridge', 'hand', 'external_ids:vsh-was.Interface.mtu_request=""', 'external_ids:vsh-was.Interface.mtu=1500']]);
    expect(keepBefore(state(), [mtu('mine')]).keep).toEqual([]); // vsh's own: nothing to keep
    expect(keepBefore(state([['external_ids:vsh-was.Interface.mtu_request', '""']]), [mtu('hand')]).keep).toEqual([]);
  });

  it('reads the kept values back as the fields to write', () => {
    const kept = keptFields(state([['external_ids:vsh-was.Interface.mtu_request', '""'], ['external_ids:vsh-was.Interface.mtu', '"1500"'], ['external_ids:other', 'x']]), 'Bridge', 'hand');
    expect(kept.fields).toEqual([{ table: 'Interface', record: 'hand', column: 'mtu_request', value: undefined }]);
    expect(kept.mtu).toBe('1500');
    expect(kept.keys.map((k) => k.column)).toEqual(['external_ids:vsh-was.Interface.mtu_request', 'external_ids:vsh-was.Interface.mtu']);
  });

  it('notes each declared row that exists and is not vsh\'s', () => {
    const want = { bridges: [{ name: 'hand', ports: [] }, { name: 'mine', ports: [] }, { name: 'new', ports: [] }] } as unknown as Want;
    expect(foreignNotes({ name: 'h' } as HostView, want, state())).toEqual([expect.stringMatching(/^bridge hand on h exists, not ours/)]);
  });
});
