import { useEffect, useState, type FormEvent } from 'react';
import { Bar, Tooltip } from 'recharts';
import type { z } from 'zod';
import type {
  budgetsSchema,
  facturesSchema,
  horsLivreSchema,
  lotsSchema,
  resultatComptabilisationSchema,
  resultatCertificatSchema,
  resultatFacturesSchema,
  resultatLotSchema,
  synthesesCfaSchema,
  utilisationsSchema,
} from '../../../partage/finances.schema.ts';
import { barresEmpilees, GraphiqueBarres } from '../../composants/GraphiqueBarres.tsx';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { date, euros, nombre } from '../../format.ts';
import { appeler, messageErreur, useMoi } from '../comptes/client.ts';

type Budgets = z.infer<typeof budgetsSchema>;
type Lots = z.infer<typeof lotsSchema>;
type Factures = z.infer<typeof facturesSchema>;
type SynthesesCfa = z.infer<typeof synthesesCfaSchema>;
type ResultatLot = z.infer<typeof resultatLotSchema>;
type ResultatFactures = z.infer<typeof resultatFacturesSchema>;
type ResultatCertificats = z.infer<typeof resultatCertificatSchema>;
type Utilisations = z.infer<typeof utilisationsSchema>;
type HorsLivre = z.infer<typeof horsLivreSchema>;
type ResultatComptabilisation = z.infer<typeof resultatComptabilisationSchema>;

/** Cents to the UI's euros (« 1 234,56 € »). */
const e = (centimes: number) => euros(centimes / 100);

const libellesSections: Record<string, string> = {
  alternance: 'Alternance',
  plan_moins_50: 'Plan < 50 salariés',
  pro_a: 'Pro-A / reconversion',
  cpf: 'CPF',
  fonctionnement: 'Fonctionnement',
};
const libellesOrigines: Record<string, string> = {
  mutualises: 'fonds mutualisés',
  conventionnels: 'contributions conventionnelles',
  volontaires: 'versements volontaires',
};
const libellesStatuts: Record<string, string> = {
  acceptee: 'Acceptée',
  partielle: 'Partiellement acceptée',
  refusee: 'Refusée',
  termine: 'Terminé',
  en_cours: 'En cours',
};

function useDonnees<T>(
  url: string | null,
  version: number,
): { donnees: T | null; erreur: string | null } {
  const [etat, setEtat] = useState<{ donnees: T | null; erreur: string | null }>({
    donnees: null,
    erreur: null,
  });
  useEffect(() => {
    if (!url) return;
    let actif = true;
    appeler<T>('GET', url).then(
      (d) => actif && setEtat({ donnees: d, erreur: null }),
      (x: unknown) => actif && setEtat({ donnees: null, erreur: messageErreur(x) }),
    );
    return () => {
      actif = false;
    };
  }, [url, version]);
  return etat;
}

/** The OPCO's comptable: budgets per section and branch (chart + table), runs and their files, invoices. */
export function FinancesOpco({ organisationId }: { organisationId: string }) {
  const [version, setVersion] = useState(0);
  const base = `/api/v1/finances/opco/${organisationId}`;
  const budgets = useDonnees<Budgets>(`${base}/budgets`, version);
  const lots = useDonnees<Lots>(`${base}/lots`, version);
  const factures = useDonnees<Factures>(`${base}/factures`, version);
  const [dateLot, setDateLot] = useState(new Date().toISOString().slice(0, 10));
  const [resultat, setResultat] = useState<string | null>(null);

  if (budgets.erreur) return <p className="information">Finances : {budgets.erreur}</p>;
  if (!budgets.donnees) return <p role="status">Chargement des finances…</p>;
  const lignes = budgets.donnees.lignes.map((l) => ({
    ...l,
    etiquette: `${libellesSections[l.section] ?? l.section}${l.branche ? ` · IDCC ${l.branche}` : ''}${l.origine === 'mutualises' ? '' : ` (${libellesOrigines[l.origine] ?? l.origine})`}`,
    disponible: l.disponibleCentimes / 100,
    engage: (l.engageCentimes + l.aPayerCentimes) / 100,
    paye: l.payeCentimes / 100,
  }));
  const totalPaye = lignes.reduce((s, l) => s + l.payeCentimes, 0);
  const totalEngage = lignes.reduce((s, l) => s + l.engageCentimes + l.aPayerCentimes, 0);

  async function executer(ev: FormEvent) {
    ev.preventDefault();
    try {
      const r = await appeler<ResultatLot>('POST', `${base}/lots`, { dateExecution: dateLot });
      setResultat(
        r.statut === 'sans_coordonnees_debiteur'
          ? 'Aucun compte bancaire débiteur enregistré : lot non exécuté.'
          : `Lot ${r.lotId} : ${nombre(r.nombrePaiements)} paiement(s) pour ${e(r.montantCentimes)}${r.dejaTermine ? ' (déjà exécuté)' : ''}.`,
      );
      setVersion((v) => v + 1);
    } catch (x) {
      setResultat(messageErreur(x));
    }
  }

  return (
    <section aria-labelledby={`finances-${organisationId}`} className="finances">
      <h3 id={`finances-${organisationId}`}>Budgets consommés</h3>
      <figure>
        <figcaption>
          Par section, origine des fonds et branche : disponible, engagé, payé
        </figcaption>
        <GraphiqueBarres
          libelle={`Diagramme en barres empilées : ${e(totalEngage)} engagés et ${e(totalPaye)} payés ; le détail est dans le tableau qui suit.`}
          donnees={lignes}
          hauteur={260}
          cleX="etiquette"
          inclinaison={{ angle: -30, hauteur: 80 }}
          largeurY={72}
        >
          {barresEmpilees([
            { cle: 'paye', nom: 'Payé' },
            { cle: 'engage', nom: 'Engagé' },
            { cle: 'disponible', nom: 'Disponible' },
          ])}
        </GraphiqueBarres>
      </figure>
      <TableauAdaptable libelle="Budgets par section et branche">
        <table>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Dotation</th>
              <th scope="col">Disponible</th>
              <th scope="col">Engagé</th>
              <th scope="col">À payer</th>
              <th scope="col">Payé</th>
            </tr>
          </thead>
          <tbody>
            {lignes.map((l) => (
              <tr key={`${l.section}-${l.origine}-${l.branche ?? ''}`}>
                <th scope="row">{l.etiquette}</th>
                <td>{e(l.dotationCentimes)}</td>
                <td>{e(l.disponibleCentimes)}</td>
                <td>{e(l.engageCentimes)}</td>
                <td>{e(l.aPayerCentimes)}</td>
                <td>{e(l.payeCentimes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableauAdaptable>
      <p>
        <a href={`${base}/export?format=xlsx`}>Exporter en XLSX</a> ·{' '}
        <a href={`${base}/export?format=csv`}>Exporter les budgets en CSV</a>
      </p>

      <h3>Lots de paiement</h3>
      <form onSubmit={(ev) => void executer(ev)} className="formulaire-ligne">
        <label htmlFor={`date-lot-${organisationId}`}>Date d’exécution</label>
        <input
          id={`date-lot-${organisationId}`}
          type="date"
          value={dateLot}
          onChange={(x) => setDateLot(x.target.value)}
          required
        />
        <button type="submit">Exécuter le lot</button>
      </form>
      {resultat && <p role="status">{resultat}</p>}
      {lots.donnees && lots.donnees.lots.length > 0 ? (
        <TableauAdaptable libelle="Lots de paiement">
          <table>
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Date</th>
                <th scope="col">Statut</th>
                <th scope="col">Paiements</th>
                <th scope="col">Montant</th>
                <th scope="col">Fichier SEPA</th>
              </tr>
            </thead>
            <tbody>
              {lots.donnees.lots.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.id}</th>
                  <td>{date(l.dateExecution)}</td>
                  <td>{libellesStatuts[l.statut] ?? l.statut}</td>
                  <td>{nombre(l.nombrePaiements)}</td>
                  <td>{e(l.montantCentimes)}</td>
                  <td>
                    {l.empreinteFichier ? (
                      <a href={`${base}/lots/${l.id}/fichier`}>pain.001 (XML)</a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableauAdaptable>
      ) : (
        <p>Aucun lot de paiement.</p>
      )}

      <h3>Factures reçues</h3>
      <ListeFactures factures={factures.donnees} />

      <h3>Engagements non comptabilisés</h3>
      <HorsLivreOpco base={base} version={version} apres={() => setVersion((v) => v + 1)} />
    </section>
  );
}

const libellesEtatsHorsLivre: Record<string, string> = {
  a_comptabiliser: 'À comptabiliser',
  comptabilise: 'Comptabilisé depuis',
  remplace: 'Remplacé par une version plus récente',
};

/**
 * Engagements decided while the ledger could not book them (no allocation yet, funds short), with
 * the reason; the comptable books one once the allocation is there (refused with the figures if
 * the money is still short).
 */
function HorsLivreOpco({
  base,
  version,
  apres,
}: {
  base: string;
  version: number;
  apres: () => void;
}) {
  const liste = useDonnees<HorsLivre>(`${base}/hors-livre`, version);
  const [message, setMessage] = useState<string | null>(null);
  if (liste.erreur) return <p className="information">{liste.erreur}</p>;
  if (!liste.donnees) return <p role="status">Chargement…</p>;
  if (liste.donnees.engagements.length === 0) return <p>Aucun engagement hors du grand livre.</p>;

  async function comptabiliser(dossierId: string, v: number) {
    try {
      const r = await appeler<ResultatComptabilisation>(
        'POST',
        `${base}/hors-livre/comptabiliser`,
        {
          dossierId,
          version: v,
        },
      );
      setMessage(
        r.statut === 'reserve' || r.statut === 'ajuste'
          ? `Dossier ${dossierId} comptabilisé : ${e(r.deltaCentimes ?? 0)} engagés, reste ${e(r.disponibleApresCentimes ?? 0)} disponibles.`
          : `Dossier ${dossierId} non comptabilisé : ${r.motifs.join(' ; ')}`,
      );
      apres();
    } catch (x) {
      setMessage(messageErreur(x));
    }
  }

  return (
    <>
      {message && <p role="status">{message}</p>}
      <TableauAdaptable libelle="Engagements non comptabilisés et pourquoi">
        <table>
          <thead>
            <tr>
              <th scope="col">Dossier</th>
              <th scope="col">Section</th>
              <th scope="col">Date</th>
              <th scope="col">Montant</th>
              <th scope="col">Motif</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {liste.donnees.engagements.map((h) => (
              <tr key={`${h.dossierId}-${h.version}`}>
                <th scope="row">
                  {h.dossierId} (version {h.version})
                </th>
                <td>
                  {libellesSections[h.section] ?? h.section} ·{' '}
                  {libellesOrigines[h.origine] ?? h.origine}
                </td>
                <td>{date(h.dateEngagement)}</td>
                <td>{e(h.montantCentimes)}</td>
                <td>{h.motif}</td>
                <td>
                  {libellesEtatsHorsLivre[h.etat] ?? h.etat}
                  {h.etat === 'a_comptabiliser' &&
                    (h.dotationPresente ? (
                      <>
                        {' '}
                        <button
                          type="button"
                          onClick={() => void comptabiliser(h.dossierId, h.version)}
                          aria-label={`Comptabiliser le dossier ${h.dossierId}, version ${h.version}`}
                        >
                          Comptabiliser
                        </button>
                      </>
                    ) : (
                      ' (en attente de la dotation)'
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableauAdaptable>
      <p>
        <a href={`${base}/export?format=csv&contenu=hors_livre`}>
          Exporter les engagements non comptabilisés en CSV
        </a>
      </p>
    </>
  );
}

function ListeFactures({ factures }: { factures: Factures | null }) {
  if (!factures) return <p role="status">Chargement des factures…</p>;
  if (factures.factures.length === 0) return <p>Aucune facture.</p>;
  return (
    <TableauAdaptable libelle="Factures et appariement">
      <table>
        <thead>
          <tr>
            <th scope="col">Référence</th>
            <th scope="col">Date</th>
            <th scope="col">Montant</th>
            <th scope="col">Statut</th>
            <th scope="col">Lignes non appariées et pourquoi</th>
          </tr>
        </thead>
        <tbody>
          {factures.factures.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.referenceCfa}</th>
              <td>{date(f.dateFacture)}</td>
              <td>{e(f.montantCentimes)}</td>
              <td>{libellesStatuts[f.statut] ?? f.statut}</td>
              <td>
                {f.lignes.filter((l) => !l.apparie).length === 0 ? (
                  'Toutes appariées'
                ) : (
                  <ul>
                    {f.lignes
                      .filter((l) => !l.apparie)
                      .map((l) => (
                        <li key={l.rang}>
                          Ligne {l.rang} ({l.dossierId}) : {l.motif}
                        </li>
                      ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableauAdaptable>
  );
}

/** The CFA: per OPCO, engaged, invoiced, paid, and the cash expected month by month (chart). */
export function FinancesCfa({ organisationId }: { organisationId: string }) {
  const base = `/api/v1/finances/cfa/${organisationId}`;
  const [version, setVersion] = useState(0);
  const synthese = useDonnees<SynthesesCfa>(`${base}/synthese`, version);
  const factures = useDonnees<Factures>(`${base}/factures`, version);
  if (synthese.erreur) return <p className="information">Finances : {synthese.erreur}</p>;
  if (!synthese.donnees) return <p role="status">Chargement des finances…</p>;
  return (
    <section aria-labelledby={`finances-${organisationId}`} className="finances">
      <h3 id={`finances-${organisationId}`}>Financements par OPCO</h3>
      {synthese.donnees.opcos.length === 0 && <p>Aucun engagement.</p>}
      {synthese.donnees.opcos.map((o) => {
        const attendu = o.attendu.map((a) => ({ mois: a.mois, montant: a.montantCentimes / 100 }));
        const total = o.attendu.reduce((s, a) => s + a.montantCentimes, 0);
        return (
          <div key={o.opco}>
            <h4>OPCO {o.opco}</h4>
            <dl className="faits">
              <dt>Engagé</dt>
              <dd>{e(o.engageCentimes)}</dd>
              <dt>Facturé</dt>
              <dd>{e(o.factureCentimes)}</dd>
              <dt>Payé</dt>
              <dd>{e(o.payeCentimes)}</dd>
              <dt>Attendu</dt>
              <dd>{e(total)}</dd>
            </dl>
            <figure>
              <figcaption>Trésorerie attendue par mois (échéances non payées)</figcaption>
              <GraphiqueBarres
                libelle={`Diagramme en barres : ${e(total)} attendus sur ${nombre(attendu.length)} mois ; le détail est dans le tableau qui suit.`}
                donnees={attendu}
                hauteur={220}
                cleX="mois"
                largeurY={72}
                infobulle={<Tooltip formatter={(n) => [euros(Number(n)), 'Attendu']} />}
              >
                <Bar dataKey="montant" name="Attendu" fill="#1d4f91" />
              </GraphiqueBarres>
            </figure>
            <TableauAdaptable libelle={`Trésorerie attendue de l’OPCO ${o.opco}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Mois</th>
                    <th scope="col">Attendu</th>
                  </tr>
                </thead>
                <tbody>
                  {o.attendu.map((a) => (
                    <tr key={a.mois}>
                      <th scope="row">{a.mois.split('-').reverse().join('/')}</th>
                      <td>{e(a.montantCentimes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableauAdaptable>
          </div>
        );
      })}
      <p>
        <a href={`${base}/export?format=xlsx`}>Exporter en XLSX</a> ·{' '}
        <a href={`${base}/export?format=csv`}>Exporter les échéances en CSV</a>
      </p>
      <h3>Déposer des factures (CSV)</h3>
      <DepotFactures url={`${base}/factures`} apres={() => setVersion((v) => v + 1)} />
      <h3>Déposer des certificats de réalisation (CSV)</h3>
      <DepotCertificats url={`${base}/certificats`} apres={() => setVersion((v) => v + 1)} />
      <h3>Mes factures</h3>
      <ListeFactures factures={factures.donnees} />
    </section>
  );
}

/**
 * CSV upload: siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros; the
 * answer lists each invoice with its status and the reason of every line not matched.
 */
function DepotFactures({ url, apres }: { url: string; apres: () => void }) {
  const moi = useMoi();
  const [opco, setOpco] = useState('');
  const [fichier, setFichier] = useState<File | null>(null);
  const [reponse, setReponse] = useState<ResultatFactures | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    if (!fichier) return;
    setErreur(null);
    const r = await envoyerCsv(`${url}?opco=${encodeURIComponent(opco)}`, fichier, moi?.jetonCsrf);
    if (!r.ok) {
      setErreur(r.detail);
      return;
    }
    setReponse(r.corps as ResultatFactures);
    apres();
  }
  return (
    <>
      <form onSubmit={(ev) => void envoyer(ev)} className="formulaire-ligne">
        <label htmlFor={`${url}-opco`}>Code de l’OPCO</label>
        <input
          id={`${url}-opco`}
          value={opco}
          onChange={(x) => setOpco(x.target.value)}
          required
          inputMode="numeric"
        />
        <label htmlFor={`${url}-fichier`}>Fichier CSV</label>
        <input
          id={`${url}-fichier`}
          type="file"
          accept=".csv,text/csv"
          onChange={(x) => setFichier(x.target.files?.[0] ?? null)}
          required
        />
        <button type="submit">Déposer</button>
      </form>
      {erreur && <p role="alert">{erreur}</p>}
      {reponse && (
        <div role="status">
          <ul>
            {reponse.factures.map((f) => (
              <li key={f.factureId}>
                {f.referenceCfa} : {libellesStatuts[f.statut] ?? f.statut}
                {f.lignes.some((l) => !l.apparie) && (
                  <ul>
                    {f.lignes
                      .filter((l) => !l.apparie)
                      .map((l) => (
                        <li key={l.rang}>
                          Ligne {l.rang} ({l.dossierId}) : {l.motif}
                        </li>
                      ))}
                  </ul>
                )}
              </li>
            ))}
            {reponse.erreurs.map((x) => (
              <li key={`e${x.ligne}${x.probleme}`}>
                Ligne {x.ligne} du fichier : {x.probleme}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** POST of a CSV file body with the CSRF token; the parsed JSON answer, or the problem's detail. */
async function envoyerCsv(
  url: string,
  fichier: File,
  jetonCsrf: string | null | undefined,
): Promise<{ ok: true; corps: unknown } | { ok: false; detail: string }> {
  const r = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'text/csv',
      accept: 'application/json',
      ...(jetonCsrf ? { 'x-csrf-token': jetonCsrf } : {}),
    },
    body: await fichier.text(),
  });
  const corps: unknown = await r.json().catch(() => null);
  if (!r.ok)
    return { ok: false, detail: (corps as { detail?: string } | null)?.detail ?? r.statusText };
  return { ok: true, corps };
}

/**
 * Completion certificates: `dossier,date_realisation`. All or nothing: when a line is wrong the
 * server records nothing and names every bad line, shown here as an alert.
 */
function DepotCertificats({ url, apres }: { url: string; apres: () => void }) {
  const moi = useMoi();
  const [fichier, setFichier] = useState<File | null>(null);
  const [reponse, setReponse] = useState<ResultatCertificats | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    if (!fichier) return;
    setErreur(null);
    setReponse(null);
    const r = await envoyerCsv(url, fichier, moi?.jetonCsrf);
    if (!r.ok) {
      setErreur(r.detail);
      return;
    }
    setReponse(r.corps as ResultatCertificats);
    apres();
  }
  return (
    <>
      <p>
        Une ligne par dossier : <code>dossier,date_realisation</code> (date AAAA-MM-JJ). Si une
        ligne est fausse, rien n’est enregistré.
      </p>
      <form onSubmit={(ev) => void envoyer(ev)} className="formulaire-ligne">
        <label htmlFor={`${url}-fichier`}>Certificats de réalisation (CSV)</label>
        <input
          id={`${url}-fichier`}
          type="file"
          accept=".csv,text/csv"
          onChange={(x) => setFichier(x.target.files?.[0] ?? null)}
          required
        />
        <button type="submit">Envoyer les certificats</button>
      </form>
      {erreur && <p role="alert">{erreur}</p>}
      {reponse && (
        <div role="status">
          <p>
            {nombre(reponse.certificats.length)} certificat(s) enregistré(s) ;{' '}
            {nombre(reponse.devenuesPayables)} solde(s) facturé(s) devenu(s) payable(s).
          </p>
          <ul>
            {reponse.certificats.map((c) => (
              <li key={c.dossierId}>
                Ligne {c.ligne} : dossier {c.dossierId}, réalisé le {date(c.date)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/**
 * France compétences and the State: each OPCO's use of its allocation (dotation, engaged, paid),
 * per section and year — a chart and the same figures in a table. Never an OPCO's own accounts.
 */
export function FinancesNational() {
  const { donnees, erreur } = useDonnees<Utilisations>('/api/v1/finances/dotations', 0);
  if (erreur) return <p className="information">Dotations : {erreur}</p>;
  if (!donnees) return <p role="status">Chargement des dotations…</p>;
  const lignes = donnees.lignes.map((l) => ({
    ...l,
    etiquette: `${l.opco} · ${libellesSections[l.section] ?? l.section} ${l.annee}`,
    paye: l.payeCentimes / 100,
    engageNonPaye: (l.engageCentimes - l.payeCentimes) / 100,
    reste: Math.max(0, l.dotationCentimes - l.engageCentimes) / 100,
    taux:
      l.dotationCentimes > 0
        ? `${((100 * l.engageCentimes) / l.dotationCentimes).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`
        : '—',
  }));
  const dotation = donnees.lignes.reduce((n, l) => n + l.dotationCentimes, 0);
  const engage = donnees.lignes.reduce((n, l) => n + l.engageCentimes, 0);
  return (
    <section aria-labelledby="finances-national" className="finances">
      <h2 id="finances-national">Utilisation des dotations par OPCO</h2>
      <p>
        Fonds mutualisés alloués par France compétences : ce que chaque OPCO a engagé et payé, par
        section et par année.
      </p>
      {lignes.length === 0 ? (
        <p>Aucune dotation importée.</p>
      ) : (
        <>
          <figure>
            <figcaption>
              Dotation de chaque OPCO : payé, engagé non payé, reste à engager
            </figcaption>
            <GraphiqueBarres
              libelle={`Diagramme en barres empilées : ${e(engage)} engagés sur ${e(dotation)} de dotations ; le détail est dans le tableau qui suit.`}
              donnees={lignes}
              hauteur={280}
              cleX="etiquette"
              inclinaison={{ angle: -30, hauteur: 90 }}
              largeurY={80}
            >
              {barresEmpilees([
                { cle: 'paye', nom: 'Payé' },
                { cle: 'engageNonPaye', nom: 'Engagé non payé' },
                { cle: 'reste', nom: 'Reste à engager' },
              ])}
            </GraphiqueBarres>
          </figure>
          <TableauAdaptable libelle="Utilisation des dotations par OPCO">
            <table>
              <thead>
                <tr>
                  <th scope="col">OPCO</th>
                  <th scope="col">Section</th>
                  <th scope="col">Année</th>
                  <th scope="col">Dotation</th>
                  <th scope="col">Engagé</th>
                  <th scope="col">Payé</th>
                  <th scope="col">Part engagée</th>
                </tr>
              </thead>
              <tbody>
                {lignes.map((l) => (
                  <tr key={`${l.opco}-${l.section}-${l.annee}`}>
                    <th scope="row">{l.opco}</th>
                    <td>{libellesSections[l.section] ?? l.section}</td>
                    <td>{l.annee}</td>
                    <td>{e(l.dotationCentimes)}</td>
                    <td>{e(l.engageCentimes)}</td>
                    <td>{e(l.payeCentimes)}</td>
                    <td>{l.taux}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableauAdaptable>
        </>
      )}
    </section>
  );
}
