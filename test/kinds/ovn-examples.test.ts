/**
 * The OVN kinds' examples, each after the prelude a conformance run needs for them (a
 * central, a chassis, a switch and a router to hang things on): each parses as the last
 * statement, of its kind, without errors, and reaches the model. `ovn central` is its own
 * example: there is one central, so it goes after the prelude without one.
 */
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/registry.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { HOSTS, OVN_LINES } from './prelude.js';

export const OVN_PRELUDE = `${HOSTS}namespace red on hostA
${OVN_LINES}`;

const kinds = ['ovn-central', 'ovn-chassis', 'logical-switch', 'logical-router', 'logical-port', 'logical-link', 'logical-uplink', 'logical-route'] as const;
const ovnJson = (m: unknown) => JSON.stringify(m, (_k, v: unknown) => (v instanceof Map ? [...v] : v));

describe.each(kinds)('kind %s', (name) => {
  const prelude = name === 'ovn-central' ? OVN_PRELUDE.replace('ovn central hostA\n', '') : OVN_PRELUDE;
  const example = KINDS[name].example;
  const before = frontEnd([{ file: 't.vnet', text: prelude }]);
  const after = frontEnd([{ file: 't.vnet', text: `${prelude}${example}\n` }]);

  it('its example parses without errors or warnings, as the last statement, of this kind, and reaches the model', () => {
    expect(after.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(after.statements.at(-1)!.kind).toBe(name);
    expect(ovnJson(after.model.ovn)).not.toBe(ovnJson(before.model.ovn));
    expect(KINDS[name].lower).toEqual(['ovn']);
    expect(KINDS[name].concept(after.statements.at(-1)! as never).length).toBeGreaterThan(80);
  });
});
