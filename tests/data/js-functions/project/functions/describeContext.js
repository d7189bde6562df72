// What a function sees of Spectral's context.
const { basename } = require('path');
module.exports = (target, opts, context) => {
  const item = context.documentInventory.findAssociatedItemForPath(context.path, true);
  return [{
    message: [
      `rule=${context.rule.name}`,
      `path=${JSON.stringify(context.path)}`,
      `source=${basename(context.document.source)}`,
      `data=${typeof context.document.data}`,
      `unresolvedSame=${context.documentInventory.unresolved === context.document.data}`,
      `item=${item === null ? 'null' : JSON.stringify(item.path)}`,
      `opts=${JSON.stringify(opts)}`,
      `email=${target.email}`,
    ].join(' '),
    path: ['info', 'contact', 'email'],
  }];
};
