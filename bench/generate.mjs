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
