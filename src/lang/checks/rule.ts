/**
 * The shape of a semantic check. Each rule is one concern, reports everything it finds,
 * and never throws. Static rules read only the model; live rules (backends issue) also
 * read facts gathered from the hosts, under the same codes.
 */
import type { Statement } from '../ast.js';
import type { Code, Diagnostic } from '../diagnostics.js';
import type { Model } from '../model.js';

/** What a host told us when it was read (filled by the backends; absent when checking offline). */
export interface HostFacts {
  /** `sriov_totalvfs` per PF name. */
  sriovTotalVfs?: ReadonlyMap<string, number>;
  /** MTU per interface name. */
  mtu?: ReadonlyMap<string, number>;
  /** Kernel / daemon features present (`vlan-filtering`, `8021q`, `gre`, `ovs`, …). */
  features?: ReadonlySet<string>;
}

export interface CheckInput {
  /** Every statement that parsed, in order (also those the model could not place). */
  statements: readonly Statement[];
  model: Model;
  /** Per host name; undefined when checking without hosts (`vsh check`). */
  facts?: ReadonlyMap<string, HostFacts>;
}

export interface CheckRule {
  /** Kebab-case, like the file it lives in. */
  id: string;
  /** The codes this rule can emit. */
  codes: readonly Code[];
  /** The rule reads `facts`: plan runs it again once the hosts are read (the others would only repeat themselves). */
  live?: true;
  check(input: CheckInput): Diagnostic[];
}
