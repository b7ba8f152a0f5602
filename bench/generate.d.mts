/** Types of bench/generate.mjs, for the tests that share its scripts. */
/** A check-clean script of about `n` statements. */
export function generateScript(n: number): string;
/** 2000 hosts in a trunked VXLAN chain with chords (10k tunnels), closed by one GRE tunnel. */
export function trunkedChainLines(): string[];
/** A full mesh of 9870 VXLAN tunnels between 141 hosts. */
export function fullMeshLines(): string[];
