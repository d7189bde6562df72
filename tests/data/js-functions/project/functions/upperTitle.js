// CommonJS, as most team rulesets write them.
module.exports = (targetVal, opts, context) => {
  if (typeof targetVal === 'string' && targetVal !== targetVal.toUpperCase()) {
    return [{ message: `${targetVal} is not upper case (${context.path.join('.')})` }];
  }
};
