module.exports = function versioned(key) {
  return /^\/v\d+\//.test(key) ? [] : [{ message: `${key} has no /vN/ prefix` }];
};
