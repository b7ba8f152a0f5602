#!/usr/bin/env bash
# The main job. Where vsh can build its local lab (root on Linux, Open vSwitch and sshd
# installed), it brings up two lab hosts, runs the GRE + VLAN teaching lab on them over
# SSH — expect lines included — and takes the lab down again. Anywhere else it shows
# the dry-run plan of the same network against empty hosts.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && [ "$(uname -s)" = Linux ] && command -v ovs-vsctl >/dev/null && [ -x /usr/sbin/sshd ]; then
  dir=$(mktemp -d /tmp/vsh-demo-XXXXXX)
  trap './bin/vsh lab down --dir "$dir/lab" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
  ./bin/vsh lab up --hosts 2 --dir "$dir/lab"
  echo
  ./bin/vsh run -y "$dir/lab/hosts.vnet" examples/labs/gre-vlans.vnet
else
  echo "(not root on Linux with Open vSwitch and sshd: showing the dry-run plan instead of running the lab)"
  ./bin/vsh plan --offline examples/gre-vlan-namespaces.vnet
fi
