import { useEffect, useState, type FormEvent } from 'react';
import { ErreurApi, api } from './client.ts';

/**
 * Administration of an organisation's plan < 50 barèmes (OPCO or branch administrators): each
 * field is a parameter file (JSON) with dated values and references; publishing creates a new
 * version, validated by the law loader (the faulty field is named), on the audit trail.
 */
const reference = {
  article: 'Décision du conseil d’administration',
  titre: 'Critères de prise en charge du plan < 50, délibération du …',
  url: 'https://www.exemple-opco.fr/criteres',
};
const champ = (unite: string, valeur: unknown) => ({
  description: 'À compléter',
  unite,
  derniere_verification: '2026-01-01',
  valeurs: { '2026-01-01': { valeur, references: [reference] } },
});
export const MODELE_BAREME = {
  opco: champ('texte', 'mon_opco'),
  libelle: champ('texte', 'Mon OPCO — branche, 2026'),
  tranches_effectif: champ('liste salariés', [11, 50]),
  enveloppes: champ('liste EUR', [3000, 6000]),
  plafond_horaire_pedagogique: champ('EUR', 30),
  salaire_pris_en_charge: champ('booleen', false),
  frais_annexes_pris_en_charge: champ('booleen', false),
};

export function Baremes({ organisationId }: { organisationId: string }) {
  const [bareme, setBareme] = useState('');
  const [texte, setTexte] = useState(JSON.stringify(MODELE_BAREME, null, 2));
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const [versions, setVersions] = useState<{ version: number; creeLe: string }[]>([]);
  useEffect(() => {
    document.title = 'Barèmes du plan < 50 — Plateforme OPCO';
  }, []);

  async function charger(id: string) {
    if (/^[a-z0-9_]{1,60}$/.test(id)) setVersions(await api.versionsBareme(id).catch(() => []));
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
      const v = await api.publierBareme(organisationId, bareme, champs);
      setMessage({ ok: true, texte: `Version ${v.version} publiée.` });
      await charger(bareme);
    } catch (e) {
      setMessage({ ok: false, texte: e instanceof ErreurApi ? e.message : String(e) });
    }
  }

  return (
    <>
      <h1>Barèmes du plan de développement des compétences (moins de 50 salariés)</h1>
      <p className="chapo">
        Chaque champ est un paramètre daté, avec la référence de la délibération du conseil
        d'administration. Publier crée une nouvelle version ; les simulations à une date passée
        utilisent les valeurs alors en vigueur.
      </p>
      <form onSubmit={publier} noValidate>
        <p>
          <label htmlFor="bareme">Identifiant du barème *</label>
          <input
            id="bareme"
            name="bareme"
            required
            value={bareme}
            onChange={(e) => setBareme(e.target.value)}
            onBlur={() => void charger(bareme)}
          />
        </p>
        <p>
          <label htmlFor="champs">Champs du barème (JSON) *</label>
          <textarea
            id="champs"
            name="champs"
            rows={20}
            value={texte}
            onChange={(e) => setTexte(e.target.value)}
          />
        </p>
        <button type="submit">Publier une nouvelle version</button>
      </form>
      {message ? (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      ) : null}
      {versions.length > 0 ? (
        <section aria-labelledby="versions">
          <h2 id="versions">Versions publiées</h2>
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
