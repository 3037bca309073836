import { useEffect, useState, type FormEvent } from 'react';
import type { AccordTarifaireJson } from '../../partage/accords-tarifaires.schema.ts';
import { date, euros } from '../format.ts';
import { appeler, messageErreur } from './comptes/client.ts';

/**
 * The OPCO's accords tarifaires (`/compte/organisations/:id/accords-tarifaires`): the latest
 * version of each, and a form that records a new version (a new agreement, or a change of an
 * existing one: price, validity, places). Each record is a version on the audit trail; the plan
 * < 50 simulation applies it when body, certification and date match.
 */
interface Saisie {
  accord: string;
  opco: string;
  organismeSiret: string;
  certification: string;
  intitule: string;
  unite: 'stagiaire' | 'heure';
  prix: string;
  dateDebut: string;
  dateFin: string;
  quantiteMax: string;
  reference: string;
}
const vide: Saisie = {
  accord: '',
  opco: '',
  organismeSiret: '',
  certification: '',
  intitule: '',
  unite: 'stagiaire',
  prix: '',
  dateDebut: '',
  dateFin: '',
  quantiteMax: '',
  reference: '',
};
const saisieDe = (a: AccordTarifaireJson): Saisie => ({
  accord: a.accord,
  opco: a.opco,
  organismeSiret: a.organismeSiret,
  certification: a.certification,
  intitule: a.intitule,
  unite: a.unite,
  prix: String(a.prix),
  dateDebut: a.dateDebut,
  dateFin: a.dateFin,
  quantiteMax: a.quantiteMax === null ? '' : String(a.quantiteMax),
  reference: a.reference,
});

const CHAMPS: {
  nom: Exclude<keyof Saisie, 'unite'>;
  libelle: string;
  type?: string;
  aide?: string;
}[] = [
  { nom: 'accord', libelle: 'Identifiant de l’accord *', aide: 'minuscules, chiffres, - et _' },
  { nom: 'opco', libelle: 'Code de l’OPCO *', aide: 'celui de vos barèmes, ex. atlas' },
  { nom: 'organismeSiret', libelle: 'SIRET de l’organisme de formation *' },
  { nom: 'certification', libelle: 'Certification ou action *', aide: 'ex. RNCP35185' },
  { nom: 'intitule', libelle: 'Intitulé *' },
  { nom: 'prix', libelle: 'Prix négocié (€ HT) *' },
  { nom: 'dateDebut', libelle: 'Début de validité *', type: 'date' },
  { nom: 'dateFin', libelle: 'Fin de validité (incluse) *', type: 'date' },
  { nom: 'quantiteMax', libelle: 'Places ou heures par demande', aide: 'vide : sans limite' },
  { nom: 'reference', libelle: 'Référence (marché, décision) *' },
];

export function AccordsTarifaires({ organisationId }: { organisationId: string }) {
  const base = `/api/v1/organisations/${encodeURIComponent(organisationId)}/accords-tarifaires`;
  const [accords, setAccords] = useState<AccordTarifaireJson[]>([]);
  const [s, setS] = useState<Saisie>(vide);
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const charger = () =>
    appeler<AccordTarifaireJson[]>('GET', base).then(
      (a) => a,
      () => [],
    );
  useEffect(() => {
    document.title = 'Accords tarifaires — Plateforme OPCO';
    void charger().then(setAccords);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organisationId]);

  async function enregistrer(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    try {
      const v = await appeler<AccordTarifaireJson>(
        'PUT',
        `${base}/${encodeURIComponent(s.accord)}`,
        {
          opco: s.opco,
          organismeSiret: s.organismeSiret.replace(/\s/g, ''),
          certification: s.certification,
          intitule: s.intitule,
          unite: s.unite,
          prix: Number(s.prix.replace(',', '.')),
          dateDebut: s.dateDebut,
          dateFin: s.dateFin,
          quantiteMax: s.quantiteMax.trim() === '' ? null : Number(s.quantiteMax),
          reference: s.reference,
        },
      );
      setMessage({ ok: true, texte: `Accord ${v.accord} : version ${v.version} enregistrée.` });
      setAccords(await charger());
    } catch (e) {
      setMessage({ ok: false, texte: messageErreur(e) });
    }
  }

  return (
    <>
      <h1>Accords tarifaires avec les organismes de formation</h1>
      <p className="chapo">
        Chaque enregistrement est une nouvelle version de l’accord, sur le journal d’audit. La
        simulation du plan de développement des compétences applique le prix négocié quand
        l’organisme, la certification et la date de début correspondent, et cite l’accord. Pour
        mettre fin à un accord, enregistrez une version avec une date de fin plus tôt.
      </p>
      {message ? (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      ) : null}
      <h2>Accords en cours</h2>
      {accords.length === 0 ? <p>Aucun accord enregistré.</p> : null}
      <ul className="liste-cartes">
        {accords.map((a) => (
          <li key={a.accord}>
            <h3>
              {a.intitule} ({a.certification}) — version {a.version}
            </h3>
            <p>
              Organisme {a.organismeSiret} : {euros(a.prix)} par {a.unite}, du {date(a.dateDebut)}{' '}
              au {date(a.dateFin)}
              {a.quantiteMax === null
                ? ''
                : `, ${a.quantiteMax} ${a.unite === 'heure' ? 'heures' : 'places'} par demande`}
              . {a.reference}.
            </p>
            <button type="button" onClick={() => setS(saisieDe(a))}>
              Nouvelle version de « {a.accord} »
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={enregistrer} noValidate aria-labelledby="titre-accord">
        <h2 id="titre-accord">Enregistrer un accord ou une nouvelle version</h2>
        {CHAMPS.map((ch) => (
          <p key={ch.nom}>
            <label htmlFor={`accord-${ch.nom}`}>{ch.libelle}</label>
            <input
              id={`accord-${ch.nom}`}
              type={ch.type ?? 'text'}
              value={s[ch.nom]}
              {...(ch.aide ? { 'aria-describedby': `aide-accord-${ch.nom}` } : {})}
              onChange={(e) => setS({ ...s, [ch.nom]: e.target.value })}
            />
            {ch.aide ? <small id={`aide-accord-${ch.nom}`}>{ch.aide}</small> : null}
          </p>
        ))}
        <p>
          <label htmlFor="accord-unite">Prix *</label>
          <select
            id="accord-unite"
            value={s.unite}
            onChange={(e) =>
              setS({ ...s, unite: e.target.value === 'heure' ? 'heure' : 'stagiaire' })
            }
          >
            <option value="stagiaire">par stagiaire</option>
            <option value="heure">par heure et par stagiaire</option>
          </select>
        </p>
        <button type="submit">Enregistrer la version</button>
      </form>
    </>
  );
}
