import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type {
  appelsFondsSchema,
  etatAppelFondsSchema,
  perequationSchema,
  resultatAppelSchema,
  resultatVersementSchema,
} from '../../../partage/finances-fc.schema.ts';
import { date } from '../../format.ts';
import { appeler, messageErreur } from '../comptes/client.ts';
import { e, useDonnees } from './commun.ts';
import { TableauFinances } from './TableauFinances.tsx';

type EtatAppel = z.infer<typeof etatAppelFondsSchema>;
type ResultatAppel = z.infer<typeof resultatAppelSchema>;
type ResultatVersement = z.infer<typeof resultatVersementSchema>;
type AppelsFonds = z.infer<typeof appelsFondsSchema>;
type Perequation = z.infer<typeof perequationSchema>;

const aujourdHui = () => new Date().toISOString().slice(0, 10);

/** « 4 200,50 » or « 4200.5 » euros to cents; null when not a positive amount. */
function centimes(texte: string): number | null {
  const n = Math.round(Number(texte.replace(/[\s\u202f]/g, '').replace(',', '.')) * 100);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Cash calls to France compétences (R6123-28): the statement at a date (needs of the coming
 * months, treasury, cap), a call (refused with the figures above the cap), the funds received.
 */
function AppelsFonds({ base, apres }: { base: string; apres: () => void }) {
  const [version, setVersion] = useState(0);
  const [dateEtat, setDateEtat] = useState(aujourdHui());
  const [etat, setEtat] = useState<EtatAppel | null>(null);
  const [montant, setMontant] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [montantRecu, setMontantRecu] = useState('');
  const liste = useDonnees<AppelsFonds>(`${base}/appels-fonds`, version);

  async function calculer(ev?: FormEvent) {
    ev?.preventDefault();
    try {
      setEtat(
        await appeler<EtatAppel>(
          'GET',
          `${base}/appels-fonds/etat?date=${encodeURIComponent(dateEtat)}`,
        ),
      );
    } catch (x) {
      setEtat(null);
      setMessage(messageErreur(x));
    }
  }
  async function appelerFonds(ev: FormEvent) {
    ev.preventDefault();
    const n = centimes(montant);
    if (n === null) return setMessage('Montant en euros attendu.');
    try {
      const r = await appeler<ResultatAppel>('POST', `${base}/appels-fonds`, {
        date: dateEtat,
        montantCentimes: n,
      });
      setMessage(
        r.statut === 'accepte'
          ? `Appel n° ${r.appelId ?? ''} accepté : ${e(r.montantCentimes ?? 0)}.`
          : (r.motif ?? 'Appel refusé.'),
      );
      setVersion((v) => v + 1);
      await calculer();
      apres();
    } catch (x) {
      setMessage(messageErreur(x));
    }
  }
  async function enregistrer(ev: FormEvent) {
    ev.preventDefault();
    const n = centimes(montantRecu);
    if (n === null) return setMessage('Montant reçu en euros attendu.');
    try {
      const r = await appeler<ResultatVersement>('POST', `${base}/versements`, {
        annee: Number(dateEtat.slice(0, 4)),
        montantCentimes: n,
        date: dateEtat,
        reference,
      });
      setMessage(
        r.statut === 'refuse'
          ? `Versement refusé : ${r.motif ?? ''}.`
          : `Versement ${reference} ${r.statut === 'enregistre' ? 'enregistré' : 'déjà enregistré'} au grand livre (écriture ${r.ecritureId ?? ''}).`,
      );
      setVersion((v) => v + 1);
      await calculer();
      apres();
    } catch (x) {
      setMessage(messageErreur(x));
    }
  }

  return (
    <>
      <form onSubmit={(ev) => void calculer(ev)} className="formulaire-ligne">
        <label htmlFor={`${base}-date-appel`}>Date de l’état</label>
        <input
          id={`${base}-date-appel`}
          type="date"
          value={dateEtat}
          onChange={(x) => setDateEtat(x.target.value)}
          required
        />
        <button type="submit">Calculer l’état</button>
      </form>
      {etat && (
        <>
          <ul aria-label="Explication de l’état d’appel de fonds">
            {etat.explication.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <TableauFinances
            libelle="Besoins de trésorerie par mois"
            lignes={etat.besoins}
            cle={(b) => b.mois}
            colonnes={[
              { entete: 'Mois', cellule: (b) => b.mois.split('-').reverse().join('/') },
              { entete: 'Échéances à payer', cellule: (b) => e(b.montantCentimes) },
            ]}
          />
          <p>Plafond : {etat.references.map((r) => r.titre).join(' ; ')}.</p>
          <form onSubmit={(ev) => void appelerFonds(ev)} className="formulaire-ligne">
            <label htmlFor={`${base}-montant-appel`}>Montant appelé (€)</label>
            <input
              id={`${base}-montant-appel`}
              value={montant}
              onChange={(x) => setMontant(x.target.value)}
              inputMode="decimal"
              required
            />
            <button type="submit">Appeler les fonds</button>
          </form>
          <form onSubmit={(ev) => void enregistrer(ev)} className="formulaire-ligne">
            <label htmlFor={`${base}-reference-versement`}>Référence du versement reçu</label>
            <input
              id={`${base}-reference-versement`}
              value={reference}
              onChange={(x) => setReference(x.target.value)}
              required
            />
            <label htmlFor={`${base}-montant-versement`}>Montant reçu (€)</label>
            <input
              id={`${base}-montant-versement`}
              value={montantRecu}
              onChange={(x) => setMontantRecu(x.target.value)}
              inputMode="decimal"
              required
            />
            <button type="submit">Enregistrer le versement</button>
          </form>
        </>
      )}
      {message && <p role="status">{message}</p>}
      {liste.donnees && liste.donnees.appels.length > 0 && (
        <TableauFinances
          libelle="Appels de fonds envoyés"
          lignes={liste.donnees.appels}
          cle={(a) => String(a.id)}
          colonnes={[
            { entete: 'Appel', cellule: (a) => `n° ${a.id}` },
            { entete: 'Date', cellule: (a) => date(a.date) },
            { entete: 'Montant', cellule: (a) => e(a.montantCentimes) },
            { entete: 'Plafond', cellule: (a) => e(a.plafondCentimes) },
            { entete: 'Reçu', cellule: (a) => e(a.recuCentimes) },
          ]}
        />
      )}
      {liste.donnees && liste.donnees.versements.length > 0 && (
        <TableauFinances
          libelle="Fonds reçus de France compétences"
          lignes={liste.donnees.versements}
          cle={(v) => String(v.id)}
          colonnes={[
            { entete: 'Référence', cellule: (v) => v.reference },
            { entete: 'Date', cellule: (v) => date(v.date) },
            { entete: 'Dotation', cellule: (v) => v.annee },
            { entete: 'Montant', cellule: (v) => e(v.montantCentimes) },
          ]}
        />
      )}
    </>
  );
}

/** Péréquation eligibility (R6123-31, R6123-33) at a date, with its explanation and citations. */
function PerequationOpco({ base }: { base: string }) {
  const [dateCalcul, setDateCalcul] = useState(aujourdHui());
  const [prevision, setPrevision] = useState('');
  const [r, setR] = useState<Perequation | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function verifier(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    const n = prevision.trim() === '' ? 0 : centimes(prevision);
    try {
      setR(
        await appeler<Perequation>(
          'GET',
          `${base}/perequation?date=${encodeURIComponent(dateCalcul)}&previsionNouveauxCentimes=${n ?? 0}`,
        ),
      );
    } catch (x) {
      setR(null);
      setErreur(messageErreur(x));
    }
  }
  return (
    <>
      <form onSubmit={(ev) => void verifier(ev)} className="formulaire-ligne">
        <label htmlFor={`${base}-date-pereq`}>Date du calcul</label>
        <input
          id={`${base}-date-pereq`}
          type="date"
          value={dateCalcul}
          onChange={(x) => setDateCalcul(x.target.value)}
          required
        />
        <label htmlFor={`${base}-prevision`}>Engagements nouveaux prévus (€)</label>
        <input
          id={`${base}-prevision`}
          value={prevision}
          onChange={(x) => setPrevision(x.target.value)}
          inputMode="decimal"
        />
        <button type="submit">Vérifier l’éligibilité</button>
      </form>
      {erreur && <p role="alert">{erreur}</p>}
      {r && (
        <div role="status">
          <p>
            <strong>{r.eligible ? 'Éligible' : 'Non éligible'}</strong> à la dotation complémentaire
            de péréquation au {date(r.date)}.
          </p>
          <ul>
            {r.explication.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p>
            Textes :{' '}
            {[...r.insuffisance.references, ...r.affectation.references].map((x, i) => (
              <span key={`${x.url}-${i}`}>
                {i > 0 && ' · '}
                <a href={x.url}>{x.titre}</a>
              </span>
            ))}
          </p>
        </div>
      )}
    </>
  );
}

/** The annual ESF (R6332-31), a convention pending the arrêté: download links. */
function EsfOpco({ base }: { base: string }) {
  const [annee, setAnnee] = useState(String(new Date().getFullYear() - 1));
  const esf = `${base}/esf?annee=${encodeURIComponent(annee)}`;
  return (
    <>
      <p>
        Convention de la plateforme en attendant l’arrêté qui fixe le modèle de l’état (R6332-31) :
        produits et charges par nature et destination, contrats par taille d’entreprise,
        bénéficiaires par âge et sexe.
      </p>
      <p className="formulaire-ligne">
        <label htmlFor={`${base}-annee-esf`}>Année</label>
        <input
          id={`${base}-annee-esf`}
          type="number"
          min={2019}
          max={2100}
          value={annee}
          onChange={(x) => setAnnee(x.target.value)}
        />
      </p>
      <p>
        <a href={`${esf}&format=xlsx`}>ESF en XLSX</a> ·{' '}
        <a href={`${esf}&format=csv&contenu=financier`}>produits et charges en CSV</a> ·{' '}
        <a href={`${esf}&format=csv&contenu=contrats`}>contrats en CSV</a> ·{' '}
        <a href={`${esf}&format=csv&contenu=beneficiaires`}>bénéficiaires en CSV</a>
      </p>
    </>
  );
}

/** What the OPCO's comptable exchanges with France compétences. */
export function FranceCompetencesOpco({ base, apres }: { base: string; apres: () => void }) {
  return (
    <>
      <h3>Appels de fonds à France compétences</h3>
      <AppelsFonds base={base} apres={apres} />
      <h3>Péréquation</h3>
      <PerequationOpco base={base} />
      <h3>État statistique et financier</h3>
      <EsfOpco base={base} />
    </>
  );
}
