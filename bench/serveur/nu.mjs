// The baseline of bench/serveur: a bare Fastify 5 route answering a small fixed JSON, in its own
// process. Prints {"port": N} on stdout once listening.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/nu', async () => ({ statut: 'ok', siret: '73282932000074' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const adresse = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof adresse === 'object' ? adresse?.port : 0 })}\n`,
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
