// govlint's Node host, JavaScript rulesets (`.spectral.js/.mjs/.cjs`, `ruleset.js`, an npm
// package whose entry is JavaScript): ops `load-ruleset` and `load-ruleset-function`,
// added to host.mjs's dispatch by `register` (host.mjs imports this module at start).
//
// A ruleset object is turned into plain JSON in the shape of a YAML ruleset, which the
// Python side (govlint/rules/js_ruleset.py) loads like any other:
// - function objects of @stoplight/spectral-functions (and spectral:oas's own) become
//   the names of govlint's built-ins, found by identity in every copy Node has loaded;
//   any other function becomes {"$function": name}: the host keeps it and runs it;
// - format functions of @stoplight/spectral-formats become their names;
// - `oas`/`asyncapi`/`arazzo` of @stoplight/spectral-rulesets become `spectral:<name>`
//   (with the rules the ruleset changed in place, IBM's style, as a patch);
// - other extended ruleset objects become {"$ruleset": {...}} (nested).
// Nothing is evaluated beyond importing the file, which the user allowed
// (--allow-custom-functions).

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const MAX_DEPTH = 64;
const loaded = new Map(); // realpath -> {functions: [fn]} (one per file per process)

async function importRuleset(file, hostContext) {
  // host.mjs's importFile also loads ES module syntax in a `.js` file Node takes for
  // CommonJS (Node < 20.19, or "type": "commonjs"), as Spectral's bundler does
  const importer = hostContext && typeof hostContext.importFile === 'function'
    ? hostContext.importFile : (f) => import(pathToFileURL(f).href);
  const mod = await importer(file);
  let value = mod.default !== undefined ? mod.default : mod;
  // a transpiled CommonJS module (`exports.default = ...` with `__esModule`)
  if (value && typeof value === 'object' && value.__esModule && value.default !== undefined) {
    value = value.default;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${file} does not export a ruleset object (export default {...} or ` +
      'module.exports = {...})');
  }
  return value;
}

/** Every copy of Spectral's functions, formats and rulesets Node loaded for this ruleset. */
function knownObjects(require, allowedFunctions, allowedFormats) {
  const functions = new Map();
  const formats = new Map();
  const rulesets = new Map();
  for (const [key, entry] of Object.entries(require.cache)) {
    const file = key.replace(/\\/g, '/');
    const m = /\/@stoplight\/spectral-(functions|formats|rulesets)\/dist\/(.*)\.js$/.exec(file);
    if (m === null || entry === undefined) continue;
    const exported = entry.exports;
    const pairs = [];
    if (typeof exported === 'function') pairs.push([exported.name, exported]);
    else if (exported && typeof exported === 'object') {
      for (const name of Object.keys(exported)) {
        let value;
        try { value = exported[name]; } catch { continue; }
        pairs.push([name === 'default' && typeof value === 'function' ? value.name : name, value]);
      }
    }
    for (const [name, value] of pairs) {
      if (m[1] === 'formats' && typeof value === 'function' && allowedFormats.has(name)) {
        formats.set(value, name);
      } else if (m[1] !== 'formats' && typeof value === 'function' &&
                 allowedFunctions.has(name) && !m[2].startsWith('asyncapi') &&
                 !m[2].startsWith('arazzo')) {
        functions.set(value, name);
      } else if (m[1] === 'rulesets' && m[2] === 'index' && value && typeof value === 'object' &&
                 ['oas', 'asyncapi', 'arazzo'].includes(name)) {
        rulesets.set(value, { name: `spectral:${name}`, module: `${key.slice(0, -'index.js'.length)}${name}/index.js` });
      }
    }
  }
  return { functions, formats, rulesets };
}

class Serialiser {
  constructor(file, known, require) {
    this.file = file;
    this.known = known;
    this.require = require;
    this.customs = new Map(); // fn -> name
    this.names = new Set();
    this.functions = []; // index -> fn
    this.stack = new Set();
    this.fresh = new Map(); // spectral ruleset module -> its unmodified object
  }

  fail(where, message) {
    throw new Error(`${where}: ${message}`);
  }

  fn(value, where, rule) {
    if (typeof value === 'string') return value;
    if (typeof value !== 'function') this.fail(where, `'function' must be a function, not ${typeof value}`);
    const builtin = this.known.functions.get(value);
    if (builtin !== undefined) return builtin;
    let name = this.customs.get(value);
    if (name === undefined) {
      // an anonymous function is named after the first rule that uses it
      const base = (typeof value.name === 'string' && value.name) || rule || 'anonymous';
      name = base;
      for (let n = 2; this.names.has(name); n++) name = `${base}-${n}`;
      this.names.add(name);
      this.customs.set(value, name);
      this.functions.push(value);
    }
    return { $function: name, key: this.functions.indexOf(value) };
  }

  formats(value, where) {
    if (value === undefined || value === null) return value;
    const items = value instanceof Set ? [...value] : value;
    if (!Array.isArray(items)) this.fail(where, "'formats' must be an array of format functions");
    return items.map((f) => {
      if (typeof f === 'string') return f;
      const name = this.known.formats.get(f);
      if (name !== undefined) return name;
      const label = typeof f === 'function' ? (f.displayName || f.name || 'anonymous') : typeof f;
      this.fail(where, `format ${JSON.stringify(label)} is not one of @stoplight/spectral-formats ` +
        '(govlint detects formats itself and cannot run a custom format function)');
      return null;
    });
  }

  plain(value, where, depth = 0) {
    if (depth > MAX_DEPTH) this.fail(where, 'value nested too deeply');
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
    if (value === undefined) return undefined;
    if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
    if (typeof value === 'function') {
      const format = this.known.formats.get(value);
      if (format !== undefined) return format;
      this.fail(where, `a function (${value.name || 'anonymous'}) where govlint needs data`);
    }
    if (typeof value === 'bigint') return Number(value);
    if (value instanceof Set) value = [...value];
    if (value instanceof Map) value = Object.fromEntries(value);
    if (Array.isArray(value)) return value.map((v) => { const p = this.plain(v, where, depth + 1); return p === undefined ? null : p; });
    if (typeof value === 'object') {
      if (typeof value.toJSON === 'function') return this.plain(value.toJSON(), where, depth + 1);
      const out = {};
      for (const key of Object.keys(value)) {
        const p = this.plain(value[key], where, depth + 1);
        if (p !== undefined) out[key] = p;
      }
      return out;
    }
    return String(value);
  }

  then(value, where, rule) {
    const one = (t) => {
      if (t === null || typeof t !== 'object') return this.plain(t, where);
      const out = {};
      for (const key of Object.keys(t)) {
        if (key === 'function') out.function = this.fn(t.function, where, rule);
        else { const p = this.plain(t[key], where); if (p !== undefined) out[key] = p; }
      }
      return out;
    };
    return Array.isArray(value) ? value.map(one) : one(value);
  }

  rule(value, where, name) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.plain(value, where);
    const out = {};
    for (const key of Object.keys(value)) {
      if (key === 'then') out.then = this.then(value.then, where, name);
      else if (key === 'formats') out.formats = this.formats(value.formats, where);
      else { const p = this.plain(value[key], where); if (p !== undefined) out[key] = p; }
    }
    return out;
  }

  rules(value, where) {
    if (value === null || typeof value !== 'object') return this.plain(value, where);
    const out = {};
    for (const name of Object.keys(value)) out[name] = this.rule(value[name], `${where}: rule ${JSON.stringify(name)}`, name);
    return out;
  }

  aliases(value, where) {
    if (value === null || typeof value !== 'object') return this.plain(value, where);
    const out = {};
    for (const name of Object.keys(value)) {
      const alias = value[name];
      if (alias && typeof alias === 'object' && !Array.isArray(alias) && Array.isArray(alias.targets)) {
        out[name] = { ...this.plain(alias, where), targets: alias.targets.map((t) => ({
          ...this.plain({ ...t, formats: undefined }, where),
          formats: this.formats(t.formats, `${where}: alias ${name}`),
        })) };
      } else out[name] = this.plain(alias, where);
    }
    return out;
  }

  extend(value, where) {
    if (typeof value === 'string') return value;
    const spectral = this.known.rulesets.get(value);
    if (spectral !== undefined) return this.spectral(value, spectral, where);
    if (value === null || typeof value !== 'object') this.fail(where, "'extends' entries must be rulesets");
    if (this.stack.has(value)) return null; // Spectral skips a ruleset already being built
    return { $ruleset: this.ruleset(value, where) };
  }

  /** spectral:oas as shipped, or with the rules this ruleset changed in place. */
  spectral(value, { name, module }, where) {
    let fresh = this.fresh.get(module);
    if (fresh === undefined) {
      const saved = this.require.cache[module];
      try {
        delete this.require.cache[module];
        const exported = this.require(module);
        fresh = exported && exported.default ? exported.default : exported;
      } catch {
        fresh = null;
      } finally {
        if (saved !== undefined) this.require.cache[module] = saved;
      }
      this.fresh.set(module, fresh);
    }
    if (!fresh || typeof value.rules !== 'object' || value.rules === null) return name;
    const patch = {};
    for (const rule of Object.keys(value.rules)) {
      const now = this.rule(value.rules[rule], `${where}: ${name} rule ${rule}`, rule);
      const before = fresh.rules && fresh.rules[rule] !== undefined
        ? this.rule(fresh.rules[rule], `${where}: ${name} rule ${rule}`, rule) : undefined;
      if (before === undefined) { patch[rule] = now; continue; }
      const changed = {};
      for (const key of Object.keys(now)) {
        if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) changed[key] = now[key];
      }
      if (Object.keys(changed).length > 0) patch[rule] = changed;
    }
    if (Object.keys(patch).length === 0) return name;
    return { $ruleset: { extends: [name], rules: patch }, name: `${name} (as changed by the ruleset)` };
  }

  ruleset(value, where) {
    this.stack.add(value);
    try {
      const out = {};
      for (const key of Object.keys(value)) {
        const v = value[key];
        if (v === undefined) continue;
        if (key === 'extends') {
          const items = Array.isArray(v) ? v : [v];
          out.extends = items.map((item) => (
            Array.isArray(item) && item.length === 2 && typeof item[1] === 'string'
              ? [this.extend(item[0], where), item[1]] : this.extend(item, where)
          )).filter((item) => item !== null && !(Array.isArray(item) && item[0] === null));
        } else if (key === 'rules') out.rules = this.rules(v, where);
        else if (key === 'formats') out.formats = this.formats(v, where);
        else if (key === 'aliases') out.aliases = this.aliases(v, where);
        else if (key === 'overrides') {
          out.overrides = Array.isArray(v) ? v.map((o, i) => {
            if (o === null || typeof o !== 'object') return this.plain(o, where);
            const entry = {};
            for (const k of Object.keys(o)) {
              if (k === 'rules') entry.rules = this.rules(o.rules, `${where}: overrides[${i}]`);
              else if (k === 'formats') entry.formats = this.formats(o.formats, where);
              else if (k === 'extends') entry.extends = (Array.isArray(o.extends) ? o.extends : [o.extends]).map((e) => this.extend(e, where));
              else if (k === 'aliases') entry.aliases = this.aliases(o.aliases, where);
              else entry[k] = this.plain(o[k], where);
            }
            return entry;
          }) : this.plain(v, where);
        } else {
          const p = this.plain(v, `${where}: ${key}`);
          if (p !== undefined) out[key] = p;
        }
      }
      return out;
    } finally {
      this.stack.delete(value);
    }
  }
}

async function load(file, msg, hostContext) {
  let entry = loaded.get(file);
  if (entry !== undefined) return entry;
  const value = await importRuleset(file, hostContext);
  const require = createRequire(file);
  const known = knownObjects(require, new Set(msg.builtins ?? []), new Set(msg.formats ?? []));
  const serialiser = new Serialiser(file, known, require);
  const definition = serialiser.ruleset(value, file);
  entry = { definition, functions: serialiser.functions, names: [...serialiser.customs.values()] };
  loaded.set(file, entry);
  return entry;
}

export function register(registerOp, hostContext) {
  // {file, builtins: [govlint function names], formats: [format names]} ->
  // {definition, functions: [name]} (functions in the order of their `key`)
  registerOp('load-ruleset', async (msg) => {
    const entry = await load(msg.file, msg, hostContext);
    return { definition: entry.definition, functions: entry.names };
  });
  // {fid, file, key, builtins, formats}: keep function number `key` of that ruleset as fid
  registerOp('load-ruleset-function', async (msg) => {
    const entry = await load(msg.file, msg, hostContext);
    const fn = entry.functions[msg.key];
    if (typeof fn !== 'function') throw new Error(`${msg.file} has no function ${msg.key}`);
    hostContext.functions.set(msg.fid, { fn, name: entry.names[msg.key], file: msg.file });
    return {};
  });
}
