/**
 * plan re-runs only the rules marked `live` once the hosts are read (runChecks with
 * `live`): a rule that reads `facts` but is not marked would silently lose its live half.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/lang/checks/index.js';

describe('live check rules', () => {
  it('marks every rule that reads the hosts\' facts as live, and only those', () => {
    for (const rule of rules) {
      const source = readFileSync(`src/lang/checks/${rule.id}.ts`, 'utf8');
      expect({ rule: rule.id, live: rule.live === true }).toEqual({ rule: rule.id, live: /\bfacts\b/.test(source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')) });
    }
  });
});
