import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers, ErreurDossier } from './client.ts';

/**
 * Administration of an OPCO's CPF co-funding (abondement) barèmes: no OPCO publishes these
 * figures, so its administrator enters them — each field a parameter file (JSON) with dated
 * values and the board decision as reference; publishing creates a new version, validated by
 * the law loader (the faulty field is named), on the audit trail.
 */
const reference = {
  article: 'Décision du conseil d’administration',
  titre: 'Abondement du CPF, délibération du …',
  url: 'https://www.exemple-opco.fr/abondement-cpf',
};
const champ = (unite: string, valeur: unknown) => ({
  description: 'À compléter',
  unite,
  derniere_verification: '2026-01-01',
  valeurs: { '2026-01-01': { valeur, references: [reference] } },
});
export const MODELE_BAREME_ABONDEMENT = {
  opco: champ('texte', 'mon_opco'),
  libelle: champ('texte', 'Mon OPCO — abondement du CPF, 2026'),
  taux: champ('ratio', 0.5),
  plafond: champ('EUR', 1000),
};

export function BaremesAbondement({ organisationId }: { organisationId: string }) {
  const id = useId();
  const [bareme, setBareme] = useState('');
  const [texte, setTexte] = useState(JSON.stringify(MODELE_BAREME_ABONDEMENT, null, 2));
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const [versions, setVersions] = useState<{ version: number; creeLe: string }[]>([]);
  useEffect(() => {
    document.title = "Barèmes d'abondement du CPF — Plateforme OPCO";
  }, []);
  const moi = useMoi();

  async function charger(b: string) {
    if (!/^[a-z0-9_]{1,60}$/.test(b)) return;
    setVersions(
      await appelDossiers<{ version: number; creeLe: string }[]>(
        'GET',
        `/api/v1/baremes/abondement-cpf/${encodeURIComponent(b)}/versions`,
        null,
      ).catch(() => []),
    );
  }

  async function publier(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    let champs: Record<string, unknown>;
    try {
      champs = JSON.parse(texte) as Record<string, unknown>;
    } catch (e) {
      setMessage({ ok: false, texte: `JSON invalide : ${e instanceof Error ? e.message : ''}` });
      return;
    }
    try {
      const v = await appelDossiers<{ version: number }>(
        'PUT',
        `/api/v1/organisations/${encodeURIComponent(organisationId)}/baremes/abondement-cpf/${encodeURIComponent(bareme)}`,
        moi?.jetonCsrf,
        { champs },
      );
      setMessage({ ok: true, texte: `Version ${v.version} publiée.` });
      await charger(bareme);
    } catch (e) {
      setMessage({
        ok: false,
        texte: e instanceof ErreurDossier || e instanceof Error ? e.message : String(e),
      });
    }
  }

  return (
    <>
      <h1>Barèmes d'abondement du CPF</h1>
      <p className="chapo">
        Aucun OPCO ne publie en chiffres le taux et le plafond de son abondement du CPF (L6323-4,
        L6332-17) : saisissez les vôtres. Chaque champ (opco, libelle, taux de 0 à 1, plafond en
        euros) est un paramètre daté, avec la référence de la délibération du conseil
        d'administration. Publier crée une nouvelle version ; une simulation à une date passée
        utilise les valeurs alors en vigueur.
      </p>
      <form onSubmit={(e) => void publier(e)} noValidate>
        <div className="champ">
          <label htmlFor={`${id}-bareme`}>Identifiant du barème *</label>
          <input
            id={`${id}-bareme`}
            required
            value={bareme}
            onChange={(e) => setBareme(e.target.value)}
            onBlur={() => void charger(bareme)}
          />
        </div>
        <div className="champ">
          <label htmlFor={`${id}-champs`}>Champs du barème (JSON) *</label>
          <textarea
            id={`${id}-champs`}
            rows={20}
            value={texte}
            onChange={(e) => setTexte(e.target.value)}
          />
        </div>
        <button type="submit">Publier une nouvelle version</button>
      </form>
      {message ? (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      ) : null}
      {versions.length > 0 ? (
        <section aria-labelledby={`${id}-versions`}>
          <h2 id={`${id}-versions`}>Versions publiées</h2>
          <ul>
            {versions.map((v) => (
              <li key={v.version}>
                Version {v.version} — {new Date(v.creeLe).toLocaleString('fr-FR')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
