/**
 * The layering of docs/style.md, held by lint:
 *   base (util, errors, config) ← graph, rules, causal, grounding, verify ← services ← ingest ← api, cli
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'only-graph-imports-neo4j-driver',
      severity: 'error',
      from: { pathNot: layer('graph') },
      to: { path: 'node_modules/neo4j-driver' },
    },
    {
      name: 'only-api-imports-graphql-yoga',
      severity: 'error',
      from: { pathNot: layer('api') },
      to: { path: 'node_modules/(graphql-yoga|@graphql-yoga)' },
    },
    {
      name: 'base-imports-nothing-above',
      severity: 'error',
      from: { path: '^src/(util|errors|config)/' },
      to: { path: '^src/(graph|rules|causal|grounding|verify|services|ingest|api|cli)/' },
    },
    {
      name: 'engines-import-no-io-layer',
      comment: 'rules and causal are pure: no graph, no services, no node I/O',
      severity: 'error',
      from: { path: '^src/(rules|causal)/' },
      to: { path: ['^src/(graph|grounding|verify|services|ingest|api|cli)/', 'node_modules/neo4j-driver', '^(fs|net|http|https|child_process)$', '^node:(fs|net|http|https|child_process)'] },
    },
    {
      name: 'verify-imports-no-engine',
      comment: 'an independent checker must not share the engines\' code paths',
      severity: 'error',
      from: { path: layer('verify') },
      to: { path: '^src/(graph|rules|causal|grounding|services|ingest|api|cli)/' },
    },
    {
      name: 'middle-layers-import-no-upper',
      severity: 'error',
      from: { path: '^src/(graph|rules|causal|grounding|verify)/' },
      to: { path: '^src/(services|ingest|api|cli)/' },
    },
    {
      name: 'services-import-no-upper',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: '^src/(ingest|api|cli)/' },
    },
    {
      name: 'ingest-imports-no-upper',
      severity: 'error',
      from: { path: layer('ingest') },
      to: { path: '^src/(api|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
