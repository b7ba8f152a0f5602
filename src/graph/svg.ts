/** DOT → SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no external binary needed. */
export async function dotToSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
