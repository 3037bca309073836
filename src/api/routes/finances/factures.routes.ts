import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lireCertificatsCsv, lireFacturesCsv } from '../../../domaine/finances/index.ts';
import { ErreurOpco } from '../../../partage/erreurs.ts';
import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { deLOrganisation, lireCorps, reponses, versFacture, versLigne } from './commun.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';

/** CFA invoices and certificates of completion: deposit (JSON or CSV) and what was matched, and why. */
export const routesFactures = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation, auteur } = ctx;
  const factures = async (filtre: { opco?: string; siret?: string }) => ({
    factures: (await f.listerFactures(base.db, filtre)).map((x) => ({
      id: x.id,
      opco: x.opco,
      siretCfa: x.siretCfa,
      referenceCfa: x.referenceCfa,
      dateFacture: x.dateFacture,
      montantCentimes: x.montantCentimes,
      statut: x.statut,
      canal: x.canal,
      lignes: x.lignes.map(versLigne),
    })),
  });

  app.get(
    '/api/v1/finances/opco/:organisation/factures',
    deLOrganisation('finances.lire', {
      summary: 'Factures reçues : ce qui est apparié, ce qui ne l’est pas, et pourquoi',
      response: reponses(s.facturesSchema),
    }),
    async (req) => factures({ opco: await organisation(req.params.organisation, 'opco') }),
  );

  app.get(
    '/api/v1/finances/cfa/:organisation/factures',
    deLOrganisation('finances.lire', {
      summary: 'Mes factures et leur appariement',
      response: reponses(s.facturesSchema),
    }),
    async (req) =>
      factures({ siret: await organisation(req.params.organisation, 'organisme_formation') }),
  );

  // Invoices and certificates: JSON or CSV body, in their own context for the CSV parser.
  void app.register(async (instance) => {
    const a = instance.withTypeProvider<ZodTypeProvider>();
    a.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: 5_000_000 },
      (_req, corps, done) => done(null, corps),
    );
    a.post(
      '/api/v1/finances/cfa/:organisation/certificats',
      deLOrganisation(
        'finances.facturer',
        {
          summary:
            'Certificats de réalisation (JSON : un dossier ; CSV : tout ou rien) : le solde facturé devient payable',
          description:
            'CSV : en-tête dossier,date_realisation (séparateur , ou ;). Si une ligne est fausse ' +
            '(format, dossier inconnu ou d’un autre CFA, doublon), rien n’est enregistré : ' +
            '400 nommant chaque ligne fautive.',
          response: reponses(s.resultatCertificatSchema),
        },
        { bodyLimit: 5_000_000 },
      ),
      async (req) => {
        const siret = await organisation(req.params.organisation, 'organisme_formation');
        const qui = auteur(req, req.params.organisation);
        if (typeof req.body === 'string') {
          const lu = lireCertificatsCsv(req.body);
          const r =
            lu.erreurs.length > 0
              ? { enregistre: false as const, erreurs: lu.erreurs }
              : await f.enregistrerCertificats(base.db, siret, lu.certificats, qui);
          if (!r.enregistre)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `fichier de certificats refusé, rien n’est enregistré : ${r.erreurs
                .slice(0, 20)
                .map((x) => `ligne ${x.ligne} : ${x.probleme}`)
                .join(
                  ' ; ',
                )}${r.erreurs.length > 20 ? ` ; … et ${r.erreurs.length - 20} autre(s) ligne(s) fautive(s)` : ''}`,
              champ: 'body',
            });
          return {
            trouve: true,
            devenuesPayables: r.certificats.reduce((n, c) => n + c.devenuesPayables, 0),
            certificats: r.certificats.map((c) => ({
              ligne: c.ligne,
              dossierId: c.dossierId,
              date: c.date,
              devenuesPayables: c.devenuesPayables,
            })),
          };
        }
        const c = lireCorps(s.certificatSchema, req.body);
        if ((await f.siretDossier(base.db, c.dossierId)) !== siret)
          return { trouve: false, devenuesPayables: 0, certificats: [] };
        const r = await f.enregistrerCertificat(base.db, c.dossierId, c.date, qui);
        return {
          ...r,
          certificats: r.trouve ? [{ ligne: 1, ...c, devenuesPayables: r.devenuesPayables }] : [],
        };
      },
    );
    a.post(
      '/api/v1/finances/cfa/:organisation/factures',
      deLOrganisation(
        'finances.facturer',
        {
          summary:
            'Déposer des factures (JSON, ou CSV avec ?opco=CODE) ; chaque ligne appariée ou refusée avec sa raison',
          description:
            'CSV : en-tête siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros ; ' +
            'les lignes d’une même référence forment une facture. Le SIRET doit être celui de l’organisme.',
          querystring: z.object({ opco: z.string().min(1).max(20).optional() }),
          response: reponses(s.resultatFacturesSchema),
        },
        { bodyLimit: 5_000_000 },
      ),
      async (req) => {
        const siret = await organisation(req.params.organisation, 'organisme_formation');
        const qui = auteur(req, req.params.organisation);
        if (typeof req.body === 'string') {
          if (!req.query.opco)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: 'opco : le code de l’OPCO est requis pour un CSV',
              champ: 'querystring.opco',
            });
          const { factures: lues, erreurs: e } = lireFacturesCsv(req.body, req.query.opco);
          const resultats = [];
          for (const x of lues) {
            if (x.siretCfa !== siret) {
              e.push({
                ligne: 0,
                probleme: `facture ${x.referenceCfa} : SIRET ${x.siretCfa} n’est pas celui de l’organisme`,
              });
              continue;
            }
            resultats.push(
              versFacture(await f.recevoirFacture(base.db, x, 'csv', qui), x.referenceCfa),
            );
          }
          return { factures: resultats, erreurs: e };
        }
        const x = lireCorps(s.factureJsonSchema, req.body);
        const r = await f.recevoirFacture(base.db, { ...x, siretCfa: siret }, 'api', qui);
        return { factures: [versFacture(r, x.referenceCfa)], erreurs: [] };
      },
    );
  });
};
