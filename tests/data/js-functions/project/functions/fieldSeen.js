module.exports = (target) => [{ message: `headers: ${target === undefined ? 'undefined' : typeof target}` }];
