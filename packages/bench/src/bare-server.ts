// The bare Fastify route the HTTP paths are compared with: one process, one GET route answering a
// small JSON body, nothing else. Prints its URL once listening; stops on SIGTERM.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true, service: 'bare', at: 'ceiling' }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening:${address}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
