import {
  categoriesCertifieesAu,
  certificationActiveAu,
  certificationOuverteApprentissageAu,
  etatQualiopiAu,
  qualiopiApprentissageAu,
  type ProvenanceReferentiel,
} from '../../domaine/referentiels-formation/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import {
  certificationReponseSchema,
  organismeReponseSchema,
  parametresCertificationSchema,
  parametresOrganismeSchema,
  requeteDateSchema,
  type CertificationReponse,
  type OrganismeReponse,
} from '../../partage/referentiels-formation.schema.ts';
import {
  etatReferentielsFormation,
  fichierImport,
  lireCertification,
  lireOrganisme,
  qualiopiObserveDepuis,
  uaisDe,
} from '../../stockage/referentiels-formation.depot.ts';
import type { ModuleRoutes } from '../types.ts';

const aujourdhui = (): string => new Date().toISOString().slice(0, 10);

/** Read API over the reference data the instruction of dossiers uses (public data, public routes). */
export const routesReferentielsFormation: ModuleRoutes = (app, { base, donnees }) => {
  const provenance = async (p: ProvenanceReferentiel) => {
    const f = await fichierImport(base.db, p.importId);
    return {
      source: p.source,
      millesime: p.millesime,
      importId: p.importId,
      fichier: f?.fichier ?? null,
      demo: f?.demo ?? false,
    };
  };
  const exiger = async (source: 'organismes' | 'certifications', commande: string) => {
    const etat = await etatReferentielsFormation(base.db);
    if (!etat[source])
      throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
        jeu: source,
        detail: donnees.manquants.join(' ') || `importez-les avec « ${commande} ».`,
      });
  };

  app.get(
    '/api/v1/organismes/:siret',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          'Un organisme de formation : NDA, UAI, certification Qualiopi par catégorie et par date',
        description:
          'D’après la liste publique des organismes de formation (DGEFP) : les périodes de certification sont celles observées dans les extractions importées successivement.',
        tags: ['référentiels'],
        params: parametresOrganismeSchema,
        querystring: requeteDateSchema,
        response: {
          200: organismeReponseSchema,
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          503: reponsesErreur[503],
        },
      },
    },
    async (req): Promise<OrganismeReponse> => {
      await exiger('organismes', 'opco import organismes <liste-publique-des-of-AAAA-MM-JJ.csv>');
      const o = await lireOrganisme(base.db, req.params.siret);
      if (!o)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Organisme de formation',
          identifiant: req.params.siret,
        });
      const date = req.query.date ?? aujourdhui();
      const depuis = await qualiopiObserveDepuis(base.db);
      return {
        siret: o.siret,
        nda: o.nda,
        uai: o.uai,
        uais: await uaisDe(base.db, o.siret),
        raisonSociale: o.raisonSociale,
        dateDeclaration: o.dateDeclaration,
        certificats: o.certificats.map((c) => ({
          categories: [...c.categories],
          du: c.du,
          au: c.au,
        })),
        aLaDate: {
          date,
          categoriesCertifiees: categoriesCertifieesAu(o, date),
          qualiopiApprentissage: qualiopiApprentissageAu(o, date) !== null,
          etatQualiopiApprentissage: etatQualiopiAu(o, 'apprentissage', date, depuis),
          qualiopiObserveDepuis: depuis,
        },
        provenance: await provenance(o.provenance),
      };
    },
  );

  app.get(
    '/api/v1/certifications/:rncp',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          'Une certification du RNCP : niveau, dates d’enregistrement, ouverture à l’apprentissage',
        tags: ['référentiels'],
        params: parametresCertificationSchema,
        querystring: requeteDateSchema,
        response: {
          200: certificationReponseSchema,
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          503: reponsesErreur[503],
        },
      },
    },
    async (req): Promise<CertificationReponse> => {
      await exiger(
        'certifications',
        'opco import certifications <export_fiches_CSV_Standard_AAAA_MM_JJ.csv>',
      );
      const c = await lireCertification(base.db, req.params.rncp);
      if (!c)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Certification',
          identifiant: req.params.rncp,
        });
      const date = req.query.date ?? aujourdhui();
      return {
        codeRncp: c.codeRncp,
        intitule: c.intitule,
        niveau: c.niveau,
        actifDu: c.actifDu,
        actifAu: c.actifAu,
        ouverteApprentissage: c.ouverteApprentissage,
        aLaDate: {
          date,
          active: certificationActiveAu(c, date),
          ouverteApprentissage: certificationOuverteApprentissageAu(c, date),
        },
        provenance: await provenance(c.provenance),
      };
    },
  );
};
