// Jest's stand-in for esbuild's text loader (template.yaml, HistoryFunction: Loader .sql=text):
// an imported .sql file is its text.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
