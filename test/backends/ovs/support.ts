/** OVS driver tests: canned probe outputs captured from a real ovs-vsctl (see capture-fixtures.test.ts). */
import { readFileSync } from 'node:fs';
import type { ProbeOutputs } from '../../../src/backends/backend.js';
import { PROBE_ID } from '../../../src/backends/ovs/probe.js';
import type { CommandResult } from '../../../src/exec/command.js';

/** The text of test/fixtures/ovs/NAME. */
export const fixtureText = (name: string): string => readFileSync(new URL(`../../fixtures/ovs/${name}`, import.meta.url), 'utf8');

/** Probe outputs in which the OVS probe printed fixture NAME.stdout (or answered `result`). */
export function ovsOutputs(nameOrResult: string | CommandResult): ProbeOutputs {
  const result = typeof nameOrResult === 'string' ? { code: 0, stdout: fixtureText(`${nameOrResult}.stdout`), stderr: '' } : nameOrResult;
  return new Map([[PROBE_ID, result]]);
}
