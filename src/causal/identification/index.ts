/**
 * Identification: d-separation, back-door, front-door and the ID algorithm
 * over the structure of a causal model (an ADMG: directed edges plus
 * bidirected `confounded` pairs). Pure: takes text or plain data, returns
 * plain data. See docs/identification.md for the output and the notation.
 */
export { buildCausalGraph, type CausalGraph, type CausalStructure } from './CausalGraph';
export { readStructure } from './readStructure';
export { dSeparation, type DSeparationAnswer } from './dsep';
export { identifyEffect, type Identification, type IdentificationMethod, type NamedExpr, type NamedHedge, type NamedForest } from './identify';
export { identificationCertificate, identificationOutput, type IdentificationCertificate, type IdentificationOutput } from './certificate';
