import { useId, type InputHTMLAttributes } from 'react';

/**
 * A date typed as the French write it, jj/mm/aaaa, whatever the browser's language (a native
 * date field shows mm/dd/yyyy in an English browser). A pasted ISO date (2025-07-01) is accepted.
 */
export function ChampDate({
  id,
  libelle,
  aide = 'Format : jj/mm/aaaa',
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id'> & {
  id: string;
  libelle: string;
  aide?: string;
}) {
  const idAide = useId();
  const decrit = [idAide, props['aria-describedby']].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{libelle}</label>
      <span id={idAide} className="aide">
        {aide}
      </span>
      <input
        {...props}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="jj/mm/aaaa"
        size={12}
        aria-describedby={decrit}
      />
    </>
  );
}

/**
 * « 01/07/2025 », « 1/7/2025 », « 01.07.2025 » or « 2025-07-01 » → '2025-07-01'; '' → null;
 * anything else → undefined (not a date: the caller says so).
 */
export function lireDate(saisie: string): string | null | undefined {
  const s = saisie.trim();
  if (s === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const [a, m, j] = iso
    ? [iso[1], iso[2], iso[3]]
    : fr
      ? [fr[3], fr[2]?.padStart(2, '0'), fr[1]?.padStart(2, '0')]
      : [];
  if (!a || !m || !j) return undefined;
  const d = new Date(`${a}-${m}-${j}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === `${a}-${m}-${j}`
    ? `${a}-${m}-${j}`
    : undefined;
}
