import type { Demande, EvenementDemande } from '../../domaine/demandes/index.ts';
import { libellesTypesDemande, type VueDemande } from '../../partage/demandes.schema.ts';
import { libellesEtats } from '../../partage/dossiers.schema.ts';
import { vueResultats } from './cycle-commun.ts';

/** What the requests' routes answer: the view of a request, and one line per event. */
export function vueDemande(d: Demande, inscription: number | null = null): VueDemande {
  const f = d.formulaire;
  const r = d.resume;
  const e = d.engagement;
  return {
    id: d.id,
    type: d.type,
    libelleType: libellesTypesDemande[d.type],
    opco: d.opco,
    etat: d.etat,
    libelleEtat: libellesEtats[d.etat],
    version: d.version,
    entreprise: { siret: f.entreprise.siret, denomination: f.entreprise.denomination },
    intitule: r.intitule,
    dateDebut: r.dateDebut,
    dateDemande: d.dateDemande,
    echeance: d.echeance,
    instruction: d.instruction
      ? {
          date: d.instruction.date,
          conclusion: d.instruction.conclusion,
          resultats: vueResultats(d.instruction.resultats),
        }
      : null,
    aVerifier: [...d.aVerifier],
    engagement: e
      ? {
          montantTotalCentimes: e.reservation.montantTotalCentimes,
          section: e.reservation.section,
          origine: e.reservation.origine,
          siretBeneficiaire: e.reservation.siretBeneficiaire,
          echeances: e.reservation.echeances.map((x) => ({ ...x })),
          detail: e.detail.map((x) => ({ ...x })),
          versionDroit: e.reservation.trace.versionDroit,
          bareme: e.bareme,
          dateDesParametres: e.dateDesParametres,
        }
      : null,
    decision: d.decision
      ? {
          ...d.decision,
          raisons: d.decision.raisons.map((x) => ({ ...x, articles: [...x.articles] })),
        }
      : null,
    inscription,
    solde: d.solde
      ? {
          date: d.solde.date,
          montantRealiseCentimes: d.solde.montantRealiseCentimes,
          libereCentimes: d.solde.libereCentimes,
          motif: d.solde.motif,
          ...(d.solde.factures ? { factures: d.solde.factures.map((x) => ({ ...x })) } : {}),
        }
      : null,
    modifications: (d.modifications ?? []).map((m) => ({
      ...m,
      ecart: m.ecart ? { ...m.ecart, lignes: m.ecart.lignes.map((x) => ({ ...x })) } : null,
    })),
  };
}

export const complete = (d: Demande, inscription: number | null = null) => ({
  ...vueDemande(d, inscription),
  formulaire: d.formulaire,
});

export function resume(e: EvenementDemande): string {
  const euros = (c: number) => `${(c / 100).toFixed(2)} €`;
  switch (e.type) {
    case 'cree':
      return `Demande « ${libellesTypesDemande[e.demande.type]} » créée (brouillon)`;
    case 'modifie':
      return 'Brouillon modifié';
    case 'transmis':
      return "Transmise à l'OPCO";
    case 'complet':
      return `Demande complète${e.echeance ? ` : réponse motivée au plus tard le ${e.echeance} (R6332-24)` : ''}`;
    case 'instruit':
      return `Instruction automatique : ${e.instruction.resultats.length} contrôles, conclusion ${e.instruction.conclusion}`;
    case 'mis_en_attente':
      return `À vérifier par un gestionnaire : ${e.aVerifier.join(', ')}`;
    case 'engage':
      return `Engagée${e.automatique ? ' automatiquement' : ''} : ${euros(e.engagement.reservation.montantTotalCentimes)} sur la section ${e.engagement.reservation.section}${e.motif ? ` — ${e.motif}` : ''}`;
    case 'refuse':
      return `Refusée${e.automatique ? ' automatiquement' : ''} : ${e.raisons.map((r) => r.message).join(' ; ')}`;
    case 'annule':
      return `Annulée : ${e.motif}`;
    case 'solde':
      return e.realise
        ? `Soldée : ${euros(e.realise.montantRealiseCentimes)} réalisés${e.realise.factures ? ` (${e.realise.factures.length} facture(s))` : ''}, ${euros(e.realise.libereCentimes)} libérés${e.realise.motif ? ` — ${e.realise.motif}` : ''}`
        : 'Soldée';
    case 'revise':
      return `Demande modifiée avant décision, instruite à nouveau${e.motif ? ` — ${e.motif}` : ''}`;
    case 'avenant':
      return `Avenant : ${e.ecart.explication}${e.motif ? ` — ${e.motif}` : ''}`;
  }
}
