import pg from 'pg';

/**
 * Listens on a PostgreSQL channel with a dedicated connection and calls `surNotification` for
 * each notification, and also when the connection is lost or re-established (a notification may
 * have been missed meanwhile). Reconnects after `delaiMs` until `fermer()`.
 */
export async function ecouterCanal(
  url: string,
  canal: string,
  surNotification: () => void,
  options: { delaiMs?: number; journal?: (m: string) => void } = {},
): Promise<{ fermer(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(canal)) throw new Error(`canal invalide : ${canal}`);
  const delaiMs = options.delaiMs ?? 1000;
  let ferme = false;
  let client: pg.Client | null = null;
  let minuterie: NodeJS.Timeout | null = null;

  const connecter = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    const perdu = () => {
      if (client !== c) return;
      client = null;
      surNotification();
      if (!ferme) {
        options.journal?.(`écoute de ${canal} perdue : nouvelle tentative`);
        minuterie = setTimeout(() => void connecter().catch(perdu), delaiMs);
        minuterie.unref();
      }
    };
    client = c;
    c.on('notification', () => surNotification());
    c.on('error', perdu);
    c.on('end', perdu);
    await c.connect();
    await c.query(`listen ${canal}`);
    // Changes made while we were not listening: start from an empty cache.
    surNotification();
  };

  await connecter();
  return {
    async fermer() {
      ferme = true;
      if (minuterie) clearTimeout(minuterie);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
