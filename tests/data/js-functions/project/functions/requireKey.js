// ESM syntax in a .js file without "type": "module" (Spectral's bundler accepts it);
// a result with its own path (absolute, to a key that does not exist).
export default function requireKey(targetVal, opts, context) {
  if (targetVal === null || typeof targetVal !== 'object' || opts.key in targetVal) return;
  return [{ message: `missing ${opts.key}`, path: [...context.path, opts.key] }];
}
