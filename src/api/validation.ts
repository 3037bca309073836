import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * A shortcut for the most frequent valid input of a schema: gives the value zod would give, or
 * undefined for anything else (then zod validates as usual, errors included).
 */
export type VoieRapide<S extends z.ZodType> = (donnees: unknown) => z.output<S> | undefined;

const voiesRapides = new WeakMap<object, (donnees: unknown) => unknown>();

/**
 * Declares a shortcut for a request schema (issue 9, point 5: the finder by SIRET parsed its
 * query with a zod object, transforms and a refinement on every request). The shortcut must give
 * exactly what the schema's parse gives for the inputs it accepts
 * (tests/rattachement/api.test.ts compares them).
 */
export function avecVoieRapide<S extends z.ZodType>(schema: S, voie: VoieRapide<S>): S {
  voiesRapides.set(schema, voie);
  return schema;
}

/** The shortcut declared for a schema, or undefined (tests). */
export function voieRapideDe(schema: object): ((donnees: unknown) => unknown) | undefined {
  return voiesRapides.get(schema);
}

/** fastify-type-provider-zod's validator, preceded by the schema's shortcut when it has one. */
export const validateurAvecVoiesRapides: FastifySchemaCompiler<z.ZodType> = (route) => {
  const complet = validatorCompiler(route);
  const voie = voiesRapides.get(route.schema);
  if (!voie) return complet;
  return (donnees: unknown) => {
    const valeur = voie(donnees);
    return valeur === undefined ? complet(donnees) : { value: valeur };
  };
};
