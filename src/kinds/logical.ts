/**
 * `logical switch|router|port|link|uplink|route …`: the OVN logical topology. One statement
 * keyword, six kinds (like `attach`); this builds each from its parse. The kinds live in
 * logical-*.ts.
 */
import type { IToken } from 'chevrotain';
import type { Spanned } from '../lang/ast.js';
import type { OptionKeyword } from '../lang/grammar.js';
import { diag } from '../lang/diagnostics.js';
import type { Build } from './kind.js';

/** The options each form takes (the grammar lists them all under `logical`); completion offers these. */
export const LOGICAL_FORM_OPTIONS: Record<string, OptionKeyword[]> = {
  switch: ['subnet'],
  router: [],
  port: ['on', 'host', 'peer'],
  link: ['address', 'mac'],
  uplink: ['vlan', 'network', 'address', 'gateway', 'chassis'],
  route: ['via'],
};
const ALL: OptionKeyword[] = ['subnet', 'on', 'host', 'address', 'peer', 'mac', 'vlan', 'network', 'gateway', 'chassis', 'via'];

export const buildLogical: Build = (b, base, node) => {
  const form = (Object.keys(LOGICAL_FORM_OPTIONS) as string[]).find((f) => node.children[`Kw_${f}`] !== undefined)!;
  const names = (node.children.AnyName ?? []) as IToken[];
  const name = b.spanned(names[0]!);
  const lspAddr = (node.children.lspAddress as { children: Record<string, IToken[]> }[] | undefined)?.[0];
  if (lspAddr && form !== 'port') {
    b.diagnostics.push(diag('VN004', b.span_(lspAddr.children.Kw_address![0]!), `'address MAC IPV4|dynamic' is a logical port's; 'logical ${form}' takes 'address CIDR'`));
  }
  b.rejectOptions(ALL.filter((o) => !LOGICAL_FORM_OPTIONS[form]!.includes(o)), `to 'logical ${form}'`);
  const need = (kw: OptionKeyword): boolean => b.requireOptions(kw);
  // A router port's address carries its subnet: `address 10.0.1.1/24`.
  const cidr = (): Spanned<string> | undefined => {
    const a = b.text('address');
    if (a && !a.value.includes('/')) b.diagnostics.push(diag('VN001', a.span, `a router port's 'address' takes an address with a prefix (e.g. 10.0.1.1/24), found '${a.value}'`));
    return a?.value.includes('/') ? a : undefined;
  };
  switch (form) {
    case 'switch':
      return { kind: 'logical-switch', ...base, name, subnet: b.text('subnet') };
    case 'router':
      return { kind: 'logical-router', ...base, name };
    case 'port': {
      if (!need('on') || !need('host')) return undefined;
      const mac = lspAddr?.children.Mac?.[0];
      const ip = lspAddr?.children.Ipv4?.[0];
      const dyn = lspAddr?.children.Kw_dynamic?.[0];
      return {
        kind: 'logical-port', ...base, name, switch: b.onRef()!.name, host: b.text('host')!,
        mac: mac ? b.spanned(mac) : undefined, ip: ip ? b.spanned(ip) : undefined,
        dynamic: dyn ? { value: true, span: b.span_(dyn) } : undefined, peer: b.nsif('peer'),
      };
    }
    case 'link': {
      const address = need('address') ? cidr() : undefined;
      if (!address) return undefined;
      return { kind: 'logical-link', ...base, router: name, switch: b.spanned(names[1]!), address, mac: b.text('mac') };
    }
    case 'uplink': {
      if (![need('vlan'), need('network'), need('address'), need('chassis')].every(Boolean)) return undefined;
      const address = cidr();
      if (!address) return undefined;
      return {
        kind: 'logical-uplink', ...base, router: name, vlan: b.int('vlan')!, network: b.text('network')!,
        address, gateway: b.text('gateway'), chassis: b.text('chassis')!,
      };
    }
    default: {
      if (!need('via')) return undefined;
      const cidr = b.token('Cidr');
      const dest: Spanned<string> = cidr ? b.spanned(cidr) : { value: '0.0.0.0/0', span: b.span_(b.token('Kw_default')!) };
      return { kind: 'logical-route', ...base, router: name, dest, via: b.text('via')! };
    }
  }
};
