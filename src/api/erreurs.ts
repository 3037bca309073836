import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ErreurOpco,
  formaterMessage,
  registreErreurs,
  type CodeErreur,
  type InfoErreur,
} from '../partage/erreurs.ts';
import { messageChamp } from '../partage/libelles.ts';
import '../partage/zod-fr.ts';
import type { Probleme } from '../partage/probleme.ts';

export function probleme(
  code: CodeErreur,
  info: InfoErreur,
  instance: string | undefined,
  erreurs?: { champ: string; message: string }[],
): Probleme {
  const e = registreErreurs[code];
  return {
    type: `urn:plateforme-opco:erreur:${code}`,
    title: e.titre,
    status: e.statut,
    code,
    detail: formaterMessage(code, info),
    ...(instance ? { instance } : {}),
    ...(erreurs ? { erreurs } : {}),
  };
}

export function envoyerProbleme(reply: FastifyReply, p: Probleme): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

interface IssueZod {
  path?: readonly PropertyKey[];
  message: string;
}
interface ValidationFastify {
  instancePath?: string;
  message?: string;
  params?: { issue?: IssueZod };
}

function chemin(prefixe: string, p: readonly PropertyKey[] | undefined): string {
  const parts = (p ?? []).map((x) => String(x));
  return [prefixe, ...parts].filter((x) => x !== '').join('.');
}

/**
 * One place maps failures to HTTP: validation → 400 naming the fields, registry errors → their
 * status, anything else → a generic 500 logged with the request id (never a stack trace).
 */
export function installerGestionErreurs(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0];
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Fastify says « querystring »; clients read the shorter « query.siret ».
      const contexte =
        err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
      const erreurs = (err.validation as unknown as ValidationFastify[]).map((v) => {
        const issue = v.params?.issue;
        return {
          champ: issue
            ? chemin(contexte, issue.path)
            : chemin(contexte, (v.instancePath ?? '').split('/').filter(Boolean)),
          message: issue?.message ?? v.message ?? 'invalide',
        };
      });
      // The sentence names each field by its label (libelles.ts); `erreurs` keeps the paths.
      const detail = erreurs.map((e) => messageChamp(e.champ, e.message)).join(' ; ');
      return envoyerProbleme(reply, probleme('ERR_VALIDATION', { detail }, url, erreurs));
    }
    if (err instanceof ErreurOpco) {
      if (err.statut >= 500) req.log.error({ err }, err.message);
      const info = err.code === 'ERR_INTERNE' ? { requete: req.id } : err.info;
      return envoyerProbleme(reply, probleme(err.code, info, url, champsDe(err)));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return envoyerProbleme(reply, probleme('ERR_JSON_MALFORME', { detail: err.message }, url));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return envoyerProbleme(
          reply,
          probleme('ERR_CORPS_TROP_GRAND', { limite: req.routeOptions.bodyLimit ?? 0 }, url),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return envoyerProbleme(
          reply,
          probleme('ERR_TYPE_MEDIA', { type: req.headers['content-type'] ?? '(aucun)' }, url),
        );
      default:
        break;
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return envoyerProbleme(reply, probleme('ERR_VALIDATION', { detail: err.message }, url));
    }
    req.log.error({ err }, 'erreur interne');
    return envoyerProbleme(reply, probleme('ERR_INTERNE', { requete: req.id }, url));
  });
}

function champsDe(err: ErreurOpco): { champ: string; message: string }[] | undefined {
  const champ = err.info.champ;
  return typeof champ === 'string' ? [{ champ, message: err.message }] : undefined;
}
