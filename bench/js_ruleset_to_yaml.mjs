// Bench helper (not shipped): turn an npm JavaScript ruleset (OWASP's, IBM's) into a YAML
// ruleset that calls the very same function objects through functionsDir wrappers, so
// govlint's JavaScript functions can be measured before JavaScript rulesets load directly.
// Usage: node js_ruleset_to_yaml.mjs <package> <out dir>   (run with node_modules beside
// <out dir>). Writes <out dir>/ruleset.json and <out dir>/functions/<name>.js.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [pkg, outDir] = process.argv.slice(2);
const require = createRequire(join(resolve(outDir), 'x.js'));
const mod = require(pkg);
const ruleset = mod.default ?? mod;
const core = require('@stoplight/spectral-functions');
const formats = require('@stoplight/spectral-formats');
const builtins = require('@stoplight/spectral-rulesets');
const SEVERITY = { 0: 'error', 1: 'warn', 2: 'info', 3: 'hint', '-1': 'off' };

function coreName(fn) {
  for (const [name, value] of Object.entries(core)) {
    if (value === fn) return name;
  }
  return null;
}

function formatNames(list) {
  if (!list) return undefined;
  return [...list].map((f) => {
    for (const [name, value] of Object.entries(formats)) if (value === f) return name;
    throw new Error(`unknown format function ${f.name}`);
  });
}

function extendsOf(value) {
  const one = (e) => {
    if (Array.isArray(e)) return [one(e[0]), e[1]];
    for (const [name, value] of Object.entries(builtins)) if (value === e) return `spectral:${name}`;
    throw new Error('extends a ruleset object that is not one of spectral:oas/asyncapi');
  };
  if (value === undefined) return undefined;
  return (Array.isArray(value) && !(value.length === 2 && typeof value[1] === 'string')
    ? value : [value]).map(one);
}

mkdirSync(join(outDir, 'functions'), { recursive: true });
const functions = [];
const rules = {};
for (const [name, rule] of Object.entries(ruleset.rules)) {
  if (rule === null || typeof rule !== 'object') { rules[name] = rule; continue; }
  const then = [rule.then].flat().map((t, i) => {
    const found = coreName(t.function);
    let fname = found;
    if (fname === null) {
      fname = `${name}__${i}`.replace(/[^A-Za-z0-9_-]/g, '_');
      functions.push(fname);
      writeFileSync(join(outDir, 'functions', `${fname}.js`),
        `const m = require(${JSON.stringify(pkg)});\n` +
        'const rs = m.default ?? m;\n' +
        `module.exports = [rs.rules[${JSON.stringify(name)}].then].flat()[${i}].function;\n`);
    }
    const out = { function: fname };
    if (t.field !== undefined) out.field = t.field;
    if (t.functionOptions !== undefined) out.functionOptions = t.functionOptions;
    return out;
  });
  const out = { ...rule, then };
  if (typeof rule.severity === 'number') out.severity = SEVERITY[rule.severity];
  if (rule.formats) out.formats = formatNames(rule.formats);
  rules[name] = out;
}
const out = { rules, functionsDir: 'functions', functions };
if (ruleset.formats) out.formats = formatNames(ruleset.formats);
if (ruleset.aliases) {
  out.aliases = Object.fromEntries(Object.entries(ruleset.aliases).map(([name, value]) => [
    name, Array.isArray(value) ? value : {
      ...value,
      targets: value.targets.map((t) => ({ ...t, formats: formatNames(t.formats) })),
    }]));
}
if (ruleset.extends) out.extends = extendsOf(ruleset.extends);
if (ruleset.documentationUrl) out.documentationUrl = ruleset.documentationUrl;
// A RegExp option (pattern's match/notMatch) as the "/source/flags" string Spectral accepts.
const regexes = (key, value) => (value instanceof RegExp ? `/${value.source}/${value.flags}` : value);
writeFileSync(join(outDir, 'ruleset.json'), JSON.stringify(out, regexes, 1));
console.log(`${Object.keys(rules).length} rules, ${functions.length} JavaScript functions`);
