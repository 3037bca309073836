import type { Socket } from 'node:net';
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
  installerRefusControles(app);
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

/** Longest path parameter the router accepts (Fastify's `maxParamLength`). */
export const LONGUEUR_MAX_PARAMETRE = 100;
/** Node's default limit on the size of the request headers (`--max-http-header-size`). */
const TAILLE_MAX_EN_TETES = 16 * 1024;

/**
 * Fastify's `frameworkErrors`: the failures its router meets before any route or hook (bad `%`
 * encoding in the path, a parameter longer than maxParamLength), sent as problem+json.
 */
export function erreursFramework(
  err: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const chemin = tronquer(req.raw.url?.split('?')[0] ?? '');
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return envoyerProbleme(
      reply,
      probleme('ERR_PARAMETRE_TROP_LONG', { limite: LONGUEUR_MAX_PARAMETRE, chemin }, undefined),
    );
  if (err.code === 'FST_ERR_BAD_URL')
    return envoyerProbleme(reply, probleme('ERR_URL_INVALIDE', { chemin }, undefined));
  req.log.error({ err }, 'erreur du routeur');
  return envoyerProbleme(reply, probleme('ERR_INTERNE', { requete: req.id }, undefined));
}

function tronquer(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (unknown method, bad
 * header, headers too large, timeout) and no request object exists. Writes a problem+json
 * answer on the socket and closes it, as Fastify's default handler does with plain JSON.
 */
export function erreurClient(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let p: Probleme;
  if (err.code === 'HPE_HEADER_OVERFLOW')
    p = probleme('ERR_EN_TETES_TROP_GRANDS', { limite: TAILLE_MAX_EN_TETES }, undefined);
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    p = probleme('ERR_DELAI_DEPASSE', {}, undefined);
  else
    p = probleme(
      'ERR_REQUETE_HTTP_INVALIDE',
      { detail: err.code ?? 'erreur de lecture' },
      undefined,
    );
  if (socket.writable) {
    const corps = JSON.stringify(p);
    const raison =
      p.status === 431
        ? 'Request Header Fields Too Large'
        : p.status === 408
          ? 'Request Timeout'
          : 'Bad Request';
    socket.write(
      `HTTP/1.1 ${p.status} ${raison}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(corps)}\r\nConnection: close\r\n\r\n${corps}`,
    );
  }
  socket.destroy(err);
}

/** C0 control characters but tab, LF and CR; DEL. NUL is refused by PostgreSQL in text. */
// eslint-disable-next-line no-control-regex
const CONTROLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * A URL that may decode to a control character: a C0 character or DEL, raw or percent-encoded
 * (%00 to %1F, %7F; tab, LF and CR included — the walk then decides).
 */
// eslint-disable-next-line no-control-regex
const CONTROLE_URL = /[\u0000-\u001F\u007F]|%(?:[01][0-9a-f]|7f)/i;
/** JSON bodies larger than this (bulk lists) are not walked: their lines are data, checked one by one. */
const CORPS_MAX_PARCOURU = 1024 * 1024;

function chercherControles(
  valeur: unknown,
  chemin: string,
  trouves: { champ: string; message: string }[],
): void {
  if (trouves.length >= 10) return;
  if (typeof valeur === 'string') {
    if (CONTROLE.test(valeur))
      trouves.push({
        champ: chemin,
        message:
          'caractère de contrôle interdit (NUL, U+0001 à U+001F hors tabulation et saut de ligne)',
      });
    return;
  }
  if (Array.isArray(valeur)) {
    valeur.forEach((v: unknown, i) => chercherControles(v, `${chemin}.${i}`, trouves));
    return;
  }
  if (valeur !== null && typeof valeur === 'object')
    for (const [k, v] of Object.entries(valeur)) {
      if (CONTROLE.test(k))
        trouves.push({ champ: chemin, message: 'nom de champ avec un caractère de contrôle' });
      else chercherControles(v, `${chemin}.${k}`, trouves);
    }
}

/**
 * Refuses, before validation, any text input carrying a control character (400 naming the
 * field): in the path, the query string, or a parsed JSON body (up to 1 MiB).
 */
export function installerRefusControles(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request (no promise per request).
  app.addHook('preValidation', (req, reply, done) => {
    const trouves: { champ: string; message: string }[] = [];
    // The path parameters and the query string are decoded from the URL: without a control
    // character in it, raw or percent-encoded, they cannot hold one (no walk on most requests).
    if (CONTROLE_URL.test(req.url)) {
      chercherControles(req.params, 'params', trouves);
      chercherControles(req.query, 'query', trouves);
    }
    if (typeof req.body === 'object' && req.body !== null) {
      const taille = Number(req.headers['content-length'] ?? 0);
      if (taille <= CORPS_MAX_PARCOURU) chercherControles(req.body, 'body', trouves);
    }
    if (trouves.length === 0) {
      done();
      return;
    }
    const detail = trouves.map((e) => `${e.champ} : ${e.message}`).join(' ; ');
    // Answering from a callback hook: send, and do not call done.
    envoyerProbleme(reply, probleme('ERR_VALIDATION', { detail }, req.url.split('?')[0], trouves));
  });
}
