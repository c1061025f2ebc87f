import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { projectRoot } from '../config';
import { resolvers } from './resolvers';

/** The SDL of schema/*.graphql (one file per domain), with the resolvers of src/api/resolvers. */
export function loadSchema(directory = join(projectRoot(), 'schema')): GraphQLSchema {
  const typeDefs = readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(directory, file), 'utf8'));
  return makeExecutableSchema({ typeDefs, resolvers });
}
