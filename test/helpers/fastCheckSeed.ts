import fc from 'fast-check';

/**
 * Property tests draw from one seed per run so a CI failure reproduces
 * exactly; FC_SEED explores others locally (`FC_SEED=$RANDOM npm test`).
 */
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261129) });
