// Generates a realistic, check-clean .vnet script of about N statements: hosts with ten
// OVS bridges each, access/veth ports on many VLANs, libvirt networks, and a chain of
// VXLAN tunnels between neighbouring hosts (a chain, so no layer-2 loop).
export function generateScript(n) {
  const lines = [];
  for (let h = 0; lines.length < n; h++) {
    const host = `h${h}`;
    lines.push(`host ${host} address 198.18.${h >> 8}.${h & 255} underlay 10.${100 + (h >> 8)}.${h & 255}.1 datapath netdev`);
    lines.push(`network nat0 on ${host} mode nat subnet 172.16.0.0/24 dhcp 172.16.0.10-172.16.0.200`);
    lines.push(`network iso0 on ${host} mode isolated subnet 172.17.0.0/24`);
    for (let b = 0; b < 10 && lines.length < n; b++) {
      lines.push(`bridge br${b} on ${host} mtu ${b === 0 ? 1450 : 1500}`); // br0 carries the VXLAN chain: 1450 + 50 fits a 1500 underlay
      for (let i = 0; i < 45 && lines.length < n; i++) {
        const tag = ((b * 45 + i) % 400) + 1;
        lines.push(
          i % 3 === 0
            ? `port v${b}p${i} type veth peer ns${b}x${i}:eth0 address 10.${h & 255}.${b * 20 + (i >> 4)}.${(i & 15) + 2}/16 tag ${tag}`
            : `port b${b}p${i} type internal tag ${tag}`,
        );
      }
    }
    if (h > 0) lines.push(`tunnel vxlan h${h - 1}<->${host} on br0 vni ${h} trunk 1-45`);
  }
  return lines.slice(0, n).join('\n') + '\n';
}

// Layer-2 loop check at scale (VN122), shared by its unit test (what it finds) and the
// bench (how long it takes). A chain of 2000 hosts trunking VLANs 1-400, chords on 50
// other VLANs up to 10k tunnels, and one untrunked GRE tunnel closing the chain.
export function trunkedChainLines() {
  const n = 2000;
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(`host h${i} address 10.1.${i >> 8}.${i & 255}`, `bridge br on h${i}`);
  for (let i = 1; i < n; i++) lines.push(`tunnel vxlan h${i - 1} <-> h${i} on br vni ${i} name t${i} trunk 1-400`);
  for (let i = 0; lines.length < 2 * n + 10_000 - 1; i++) {
    lines.push(`tunnel vxlan h${i % n} <-> h${(i * 7 + 3) % n} on br vni ${n + i} name c${i} trunk ${1000 + (i % 50)}`);
  }
  lines.push(`tunnel gre h0 <-> h${n - 1} on br name loop`);
  return lines;
}

// A full mesh of VXLAN tunnels between 141 hosts (9870 tunnels, thousands of loops).
export function fullMeshLines() {
  const n = 141;
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(`host h${i} address 10.1.0.${i}`, `bridge br on h${i}`);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) lines.push(`tunnel vxlan h${i} <-> h${j} on br vni 1 name t${i}x${j}`);
  return lines;
}
