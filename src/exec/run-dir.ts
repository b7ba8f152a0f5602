/**
 * vsh's directory on every host: locks, journals, DHCP files, the kept kernel config. A
 * tmpfs (gone at reboot, like the processes and the boot they describe), named once here.
 */
export const RUN_DIR = '/run/vsh';
