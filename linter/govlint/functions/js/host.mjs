// govlint's Node.js host: runs a ruleset's JavaScript functions (Spectral's functionsDir)
// for the Python side (bridge.py). One process per govlint run, started on the first call.
//
// Protocol: newline-delimited JSON both ways. Every request is an object with an `op`
// and an `id`; the host answers each request with one line `{"id": <id>, ...}` (`ok`
// true or false with `error`). `call` also streams one line per call before its answer:
// `{"c": <index>, "r": [results]}` or `{"c": <index>, "e": "<error>"}` or
// `{"c": <index>, "miss": true}` (the target path is not in the host's copy of the
// document: the bridge resends that call with the value inline); with `careful`, also
// `{"s": <index>}` as each call starts.
// Ops are looked up in OPS; other modules add theirs with registerOp (see the end).
//
// Nothing here trusts the functions: a throw or a rejection is reported per call; a
// synchronous endless loop is stopped by the bridge, which kills this process.

import { createRequire } from 'node:module';
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const OPS = new Map();

/** Add a message handler: `handler(message, host)` returns (or resolves to) the answer's
 * fields; a throw becomes `{ok: false, error}`. */
export function registerOp(name, handler) {
  OPS.set(name, handler);
}

function send(obj) {
  writeAll(JSON.stringify(obj) + '\n');
}

function writeAll(text) {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) {
    try {
      const n = writeSync(1, buf);
      buf = buf.subarray(n);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(PAUSE, 0, 0, 1); // the pipe is full: let the bridge read (no spinning)
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function describe(e) {
  if (e instanceof Error) {
    const name = e.name || 'Error';
    if (Array.isArray(e.errors) && e.errors.length > 0) { // AggregateError (option checks)
      return e.errors.map((inner) => (inner instanceof Error ? inner.message : String(inner)))
        .join('; ');
    }
    return `${name}: ${e.message}`;
  }
  try {
    return `non-Error thrown: ${String(e)}`;
  } catch {
    return 'non-Error thrown';
  }
}

// --- functions --------------------------------------------------------------------------

const functions = new Map(); // fid -> {fn, name, file}
const steps = new Map(); // sid -> {fid, options, rule}

/** The function a module exports, as Spectral's bundler takes it: the default export
 * (a CommonJS module.exports), unwrapping a transpiled `exports.default`, else an export
 * named like the function. */
function exported(mod, name) {
  let candidate = mod.default;
  if (candidate && typeof candidate === 'object' && typeof candidate.default === 'function') {
    candidate = candidate.default;
  }
  if (typeof candidate !== 'function' && candidate && typeof candidate[name] === 'function') {
    candidate = candidate[name];
  }
  if (typeof candidate !== 'function' && typeof mod[name] === 'function') {
    candidate = mod[name];
  }
  return typeof candidate === 'function' ? candidate : null;
}

async function importFile(file) {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (e) {
    // Node < 20.10 without module detection: ESM syntax in a .js file of a package
    // without "type": "module" (Spectral's bundler accepts it). Load it as ESM through
    // a one-file loader hook where Node has module.register.
    if (file.endsWith('.js') && /^\s*(import|export)\b/m.test(readFileSync(file, 'utf8'))) {
      const mod = await import('node:module');
      if (typeof mod.register === 'function') {
        const hook = 'data:text/javascript,' + encodeURIComponent(
          'export async function load(url, context, next) {' +
          ` if (url.split('?')[0] === ${JSON.stringify(url)}) {` +
          '  const r = await next(url, { ...context, format: "module" });' +
          '  return { ...r, format: "module" }; }' +
          ' return next(url, context); }');
        mod.register(hook);
        return await import(url + '?esm');
      }
    }
    throw e;
  }
}

registerOp('load-function', async (msg) => {
  const mod = await importFile(msg.file);
  const fn = exported(mod, msg.name);
  if (fn === null) {
    throw new Error(`${msg.file} exports no function (module.exports = function, ` +
      `export default function, or an export named ${msg.name})`);
  }
  functions.set(msg.fid, { fn, name: msg.name, file: msg.file });
  return {};
});

registerOp('step', (msg) => {
  const f = functions.get(msg.fid);
  if (f === undefined) throw new Error(`unknown function id ${msg.fid}`);
  const options = msg.options === undefined ? null : msg.options;
  // createRulesetFunction's option check, as Spectral runs it when the ruleset loads
  if (typeof f.fn.validator === 'function') {
    f.fn.validator(options);
  }
  steps.set(msg.sid, { fid: msg.fid, options, rule: ruleObject(msg.rule) });
  return {};
});

const SEVERITIES = { error: 0, warn: 1, info: 2, hint: 3, off: -1 };

function ruleObject(r) {
  const rule = {
    name: r.name,
    description: r.description ?? null,
    message: r.message ?? null,
    severity: SEVERITIES[r.severity] ?? 1,
    resolved: r.resolved !== false,
    formats: r.formats === null || r.formats === undefined ? null : new Set(r.formats),
    enabled: true,
    recommended: r.recommended !== false,
    documentationUrl: r.documentationUrl ?? null,
    given: r.given ?? [],
    then: r.then ?? [],
  };
  rule.definition = { ...r };
  rule.getSeverityForSource = () => rule.severity;
  return rule;
}

// --- documents --------------------------------------------------------------------------

let current = null; // the document the last `call` was about

function pointerPath(ref) {
  const hash = ref.indexOf('#');
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  if (fragment === '' || fragment === '/') return fragment === '' ? [] : [''];
  if (!fragment.startsWith('/')) return null;
  return fragment.slice(1).split('/').map((s) => {
    let t = s;
    try { t = decodeURIComponent(s); } catch { /* keep as written */ }
    return t.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

function at(root, path) {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      const i = typeof key === 'number' ? key : Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= node.length) return undefined;
      node = node[i];
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
      node = node[key];
    }
  }
  return node;
}

/** The document with its local `$ref`s replaced by their targets, as Spectral's resolver
 * gives `documentInventory.resolved`: a target is one shared object wherever it is used; a
 * ref back to a target being resolved (a recursive schema) stays a `$ref` object, so the
 * tree has no cycles; a ref that cannot be followed stays as written. Built once per
 * document, on first use. */
function resolveLocal(data) {
  const done = new Map(); // source container -> its resolved copy
  const active = new Set(); // source containers being copied (the current branch)
  const MAX_HOPS = 64;
  function target(ref) {
    let r = ref;
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      if (typeof r !== 'string' || !r.startsWith('#')) return undefined;
      const path = pointerPath(r);
      if (path === null) return undefined;
      const node = at(data, path);
      if (node && typeof node === 'object' && !Array.isArray(node) &&
          typeof node.$ref === 'string') {
        r = node.$ref;
        continue;
      }
      return node;
    }
    return undefined;
  }
  function copy(node) {
    if (node === null || typeof node !== 'object') return node;
    if (!Array.isArray(node) && typeof node.$ref === 'string') {
      const t = target(node.$ref);
      if (t === undefined || active.has(t)) return node;
      return copy(t);
    }
    const finished = done.get(node);
    if (finished !== undefined) return finished;
    if (active.has(node)) return node; // a YAML alias nested in itself
    active.add(node);
    let out;
    if (Array.isArray(node)) {
      out = node.map(copy);
    } else {
      out = {};
      for (const key of Object.keys(node)) out[key] = copy(node[key]);
    }
    active.delete(node);
    done.set(node, out);
    return out;
  }
  try {
    return copy(data);
  } catch (e) {
    if (e instanceof RangeError) return data; // nested too deep to resolve: as written
    throw e;
  }
}

function getClosestJsonPath(root, path) {
  const out = [];
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' ||
        !Object.prototype.hasOwnProperty.call(node, key)) break;
    node = node[key];
    out.push(key);
  }
  return out;
}

// @stoplight/json's pathToPointer (its character class is copied as written, en dashes
// included, so keys match Spectral's byte for byte).
const ENCODABLE_CHAR = /[^a-zA–Z0–9_.!~*'()\/\-\u{D800}-\u{DFFF}]/gu;
function pathToPointer(path) {
  if (path.length === 0) return '#';
  return '#/' + path.map((segment) => (typeof segment === 'number' ? segment
    : segment.replace(/~/g, '~0').replace(/\//g, '~1').replace(ENCODABLE_CHAR, encodeURIComponent)))
    .join('/');
}

/** Spectral's resolver graph as functions read it: for the document's source, `refMap` from
 * the pointer of each local `$ref` as written to the ref (IBM's rules read it); a node per
 * local `$ref` target, `${source}${ref}`, and `overallOrder()`: the targets in the order the
 * document first refers to them, then the source (a DepGraph's order when the source depends
 * on each target; CAMARA's unused-component rule reads it). */
function refGraph(source, data) {
  const refMap = {};
  const key = source ?? 'root';
  const nodes = { [key]: { refMap, data } };
  const targets = [];
  const stack = [[data, []]];
  const seen = new Set();
  while (stack.length > 0) {
    const [node, path] = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (!Array.isArray(node) && typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (ref.startsWith('#')) {
        refMap[pathToPointer(path)] = ref;
        const id = `${key}${ref}`;
        if (!(id in nodes)) {
          const where = pointerPath(ref);
          nodes[id] = { refMap: {}, data: where === null ? undefined : at(data, where) };
          targets.push(id);
        }
      }
      continue;
    }
    // pushed last to first, so the walk (and refMap) follows the document's order
    const keys = Array.isArray(node) ? [...node.keys()].map(String) : Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) stack.push([node[keys[i]], [...path, keys[i]]]);
  }
  return {
    nodes,
    getNodeData: (id) => nodes[id] ?? { refMap: {}, data: undefined },
    hasNode: (id) => id in nodes,
    overallOrder: (leavesOnly) => (leavesOnly ? [...targets] : [...targets, key]),
  };
}

function makeDocument(msg) {
  const data = msg.data;
  const document = {
    source: msg.source ?? null,
    data,
    formats: new Set(msg.formats ?? []),
    diagnostics: [],
    parserResult: { data, diagnostics: [], ast: null, lineMap: null },
    getRangeForJsonPath: () => undefined,
    trapAccess: (obj) => obj,
  };
  let resolved;
  let graph;
  const inventory = {
    document,
    get source() { return document.source; },
    get unresolved() { return data; },
    get formats() { return document.formats; },
    get resolved() {
      if (resolved === undefined) resolved = resolveLocal(data);
      return resolved;
    },
    get graph() {
      if (graph === undefined) graph = refGraph(document.source, data);
      return graph;
    },
    errors: null,
    diagnostics: [],
    referencedDocuments: {},
    findAssociatedItemForPath(path, isResolved) {
      const base = isResolved ? this.resolved : data;
      return { document, path: getClosestJsonPath(base, path), missingPropertyPath: path };
    },
  };
  return { key: msg.key, document, inventory };
}

// --- calls ------------------------------------------------------------------------------

function normalise(results) {
  if (results === undefined || results === null) return [];
  if (typeof results[Symbol.iterator] !== 'function' || typeof results === 'string') {
    throw new TypeError(`the function returned ${typeof results}, not an array of results`);
  }
  const out = [];
  for (const r of results) {
    if (r === null || typeof r !== 'object') {
      throw new TypeError(`a result is ${r === null ? 'null' : typeof r}, not {message, path}`);
    }
    const item = { message: r.message === undefined ? '' : String(r.message) };
    if (Array.isArray(r.path)) item.path = r.path.map(decodeSegment);
    out.push(item);
  }
  return out;
}

/** Spectral's decodeSegmentFragment: numbers as text, `~1`/`~0` unescaped. */
function decodeSegment(segment) {
  const text = typeof segment === 'string' ? segment : String(segment);
  return text.includes('~') ? text.replace(/~1/g, '/').replace(/~0/g, '~') : text;
}

function withTimeout(promise, ms) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

registerOp('call', async (msg) => {
  if (msg.document !== undefined) current = makeDocument(msg.document);
  if (current === null) throw new Error('call before any document');
  const { document, inventory } = current;
  const timeoutMs = Math.max(1, Math.round((msg.timeout ?? 30) * 1000));
  // Results are written in chunks (one write per call cost a third of the host's time):
  // before a call when 5 ms have passed since the last write, and when 64 KB are waiting.
  // `careful` (the bridge's retry after a hang) writes before every call and says which
  // call starts, so a call that never returns is known exactly.
  const careful = msg.careful === true;
  let out = '';
  let last = performance.now();
  // Calls without results are answered together, `{n: [index...]}` per write (most calls
  // of a ruleset find nothing: one line each was most of the bridge's reading).
  let empty = [];
  const flush = () => {
    if (empty.length > 0) {
      out += JSON.stringify({ n: empty }) + '\n';
      empty = [];
    }
    if (out.length > 0) {
      writeAll(out);
      out = '';
    }
    last = performance.now();
  };
  const emit = (obj) => {
    out += JSON.stringify(obj) + '\n';
    if (out.length > 65536) flush();
  };
  for (const call of msg.calls) {
    const [index, sid, tree, path, kind, value] = call;
    if (careful) {
      flush();
      out += JSON.stringify({ s: index }) + '\n';
      flush();
    } else if ((out.length > 0 || empty.length > 0) && performance.now() - last >= 5) {
      // (answers without results too: the bridge takes a silent pipe for a hung call)
      flush();
    }
    const step = steps.get(sid);
    if (step === undefined) {
      emit({ c: index, e: `unknown step ${sid}` });
      continue;
    }
    let target;
    if (kind === 'v') {
      target = value;
    } else if (kind === 'u') {
      target = undefined;
    } else {
      const root = tree === 'r' ? inventory.resolved : document.data;
      target = at(root, path);
      if (target === undefined && kind === 'p') {
        emit({ c: index, miss: true });
        continue;
      }
    }
    const context = { document, documentInventory: inventory, rule: step.rule, path };
    try {
      let results = functions.get(step.fid).fn(target, step.options, context);
      if (results !== undefined && results !== null && typeof results.then === 'function') {
        results = await withTimeout(Promise.resolve(results), timeoutMs);
      }
      const found = normalise(results);
      if (found.length === 0) empty.push(index);
      else emit({ c: index, r: found });
    } catch (e) {
      emit({ c: index, e: describe(e) });
    }
  }
  flush();
  return {};
});

registerOp('hello', () => ({ node: process.version, ops: [...OPS.keys()].sort() }));

// --- other ops (js-rulesets adds `load-ruleset` in its own module) ----------------------

const EXTRA_MODULES = ['./rulesets.mjs'];

async function loadExtras() {
  for (const name of EXTRA_MODULES) {
    const url = new URL(name, import.meta.url);
    try {
      const mod = await import(url.href);
      if (typeof mod.register === 'function') mod.register(registerOp, { send, functions, importFile });
    } catch (e) {
      if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(url.pathname)) {
        continue;
      }
      throw e;
    }
  }
}

// --- main loop --------------------------------------------------------------------------

async function handle(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    send({ id: null, ok: false, error: `bad request: ${describe(e)}` });
    return;
  }
  const handler = OPS.get(msg.op);
  if (handler === undefined) {
    send({ id: msg.id, ok: false, error: `unknown op ${JSON.stringify(msg.op)}` });
    return;
  }
  try {
    const answer = await handler(msg, { send, functions, steps, createRequire });
    send({ ...answer, id: msg.id, ok: true });
  } catch (e) {
    send({ id: msg.id, ok: false, error: describe(e) });
  }
}

async function main() {
  await loadExtras();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  // Requests are handled one at a time, in order (a call batch awaits async functions).
  for await (const line of lines) {
    if (line.length > 0) await handle(line);
  }
  process.exit(0);
}

// stdout carries the protocol: whatever a function prints goes to stderr instead.
for (const name of ['log', 'info', 'debug', 'trace', 'dir', 'table']) {
  console[name] = (...args) => console.error(...args);
}
process.stdout.write = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);
process.on('unhandledRejection', () => { /* a function's stray promise: ignore */ });
process.on('uncaughtException', (e) => {
  // a function's timer callback that throws: say so, keep serving the other calls
  process.stderr.write(`govlint node host: a JavaScript function threw later: ${describe(e)}\n`);
});
main().catch((e) => {
  process.stderr.write(`govlint node host: ${describe(e)}\n`);
  process.exit(70);
});
