import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { causalResolvers } from './causalResolvers';
import { entityResolvers } from './entityResolvers';
import { groundingResolvers } from './groundingResolvers';
import { healthResolvers } from './healthResolvers';
import { jobResolvers } from './jobResolvers';
import { provenanceResolvers } from './provenanceResolvers';
import { relationResolvers } from './relationResolvers';
import { ruleResolvers } from './ruleResolvers';
import { versionResolvers } from './versionResolvers';

/** Thin resolvers, one file per schema/*.graphql domain; the work is in src/services. */
export const resolvers = [
  { DateTime: DateTimeResolver, JSON: JSONResolver },
  healthResolvers,
  versionResolvers,
  entityResolvers,
  relationResolvers,
  provenanceResolvers,
  causalResolvers,
  jobResolvers,
  ruleResolvers,
  groundingResolvers,
];
