/**
 * The record of the hosts (src/backends/ovn/record.ts, src/backends/host-fingerprint.ts),
 * offline on the seed-004 lab: a host's fingerprint moves when its own part of the model
 * changes and only then (a logical-only change moves none); the record is read from the
 * central's NB probe (this project's entries only); the step that writes it has its exact
 * inverse as undo and joins the northbound transaction.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../../src/backends/backend.js';
import { hostFingerprint } from '../../../src/backends/host-fingerprint.js';
import { NB_PROBE } from '../../../src/backends/ovn/read.js';
import { readRecord, recordKeeper, recordStep } from '../../../src/backends/ovn/record.js';
import { mergeOvnNbctl, ovnBatchable } from '../../../src/exec/batch.js';
import { showCommand } from '../../../src/exec/command.js';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { labInventory } from '../../labs/labs.js';

const LAB = 'examples/labs/ovn-uplinks.vnet';
const text = readFileSync(LAB, 'utf8');

function views(script = text, project = 'ovn-uplinks'): Map<string, HostView> {
  const fe = frontEnd([labInventory(3, false, undefined, true), { file: LAB, text: script }]);
  expect(fe.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new Map([...fe.model.hosts].map(([name, host]) => [name, { name, host, model: fe.model, datapath: 'netdev', project } satisfies HostView]));
}
const prints = (script?: string, project?: string) => Object.fromEntries([...views(script, project)].map(([h, v]) => [h, hostFingerprint(v)]));

describe('the record of the hosts', () => {
  it('a fingerprint is stable, moves with the host own part of the model, and not with a logical-only change', () => {
    const base = prints();
    expect(prints()).toEqual(base);
    expect(Object.values(base).every((f) => /^[0-9a-f]{24}$/.test(f))).toBe(true);
    // A port without peer is northbound only: no host's own part changes.
    expect(prints(`${text}\nlogical port vm3 on ls-db host hostC address 0a:00:00:90:02:0c 10.90.2.12\n`)).toEqual(base);
    // vm2's address is set inside its namespace on hostB: hostB's fingerprint moves, the others' do not.
    const moved = prints(text.replace('0a:00:00:90:02:0a 10.90.2.10', '0a:00:00:90:02:0a 10.90.2.11'));
    expect(moved.hostB).not.toBe(base.hostB);
    expect([moved.hostA, moved.hostC]).toEqual([base.hostA, base.hostC]);
    // Another project marks its objects otherwise: its fingerprints differ.
    expect(prints(undefined, 'other').hostB).not.toBe(base.hostB);
  });

  it('the central keeps it, read from its NB probe: this project only', () => {
    const v = views().get('hostA')!;
    expect(recordKeeper(v.model)).toBe('hostA');
    const globalLine = JSON.stringify({ data: [[7, ['map', [['vsh-host/ovn-uplinks/hostB', 'abc'], ['vsh-host/other/hostB', 'def'], ['unrelated', 'x']]]]], headings: ['nb_cfg', 'external_ids'] });
    const stdout = [...Array(6)].map(() => '{"data":[],"headings":["_uuid"]}').join('\n') + '\n' + globalLine + '\n';
    expect(readRecord(new Map([[NB_PROBE, { code: 0, stdout, stderr: '' }]]), 'ovn-uplinks')).toEqual(new Map([['hostB', 'abc']]));
    expect(readRecord(new Map([[NB_PROBE, { code: 1, stdout: '', stderr: 'down' }]]), 'ovn-uplinks')).toBeUndefined();
  });

  it('the step writing it joins the northbound transaction; its undo puts back what was there', () => {
    const v = views().get('hostA')!;
    const step = recordStep(v, [{ host: 'hostB', from: 'old', to: 'new' }, { host: 'hostC', to: 'c1' }, { host: 'hostD', from: 'gone' }])!;
    expect(step.commands.every(ovnBatchable)).toBe(true);
    expect(showCommand(mergeOvnNbctl(step.commands))).toBe(
      `ovn-nbctl --timeout=20 set NB_Global . 'external_ids:"vsh-host/ovn-uplinks/hostB"="new"' 'external_ids:"vsh-host/ovn-uplinks/hostC"="c1"' -- remove NB_Global . external_ids '"vsh-host/ovn-uplinks/hostD"'`,
    );
    expect(showCommand(mergeOvnNbctl(step.undo))).toBe(
      `ovn-nbctl --timeout=20 set NB_Global . 'external_ids:"vsh-host/ovn-uplinks/hostB"="old"' 'external_ids:"vsh-host/ovn-uplinks/hostD"="gone"' -- remove NB_Global . external_ids '"vsh-host/ovn-uplinks/hostC"'`,
    );
    expect(recordStep(v, [])).toBeUndefined();
  });
});
