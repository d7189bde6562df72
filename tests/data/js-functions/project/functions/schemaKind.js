// async, and reading the resolved document: the target is the $ref's target.
module.exports = async function schemaKind(schema, opts, context) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const resolved = context.documentInventory.resolved;
  if (schema.type !== 'object') {
    return [{ message: `response schema is ${schema.type} (API ${resolved.info.title}); options ${JSON.stringify(opts)}` }];
  }
  return [];
};
