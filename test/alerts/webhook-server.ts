import { createServer } from 'node:http';
import { onTestFinished } from 'vitest';
import { portOf } from './github-stub.ts';

/** A webhook receiver on 127.0.0.1: records each POST and answers with the status it is given. */
export interface WebhookServer {
  readonly url: string;
  readonly posts: { readonly contentType: string | undefined; readonly body: unknown }[];
  status: number;
}

export async function startWebhookServer(path = '/services/T000/B000/secret-token'): Promise<WebhookServer> {
  const state: WebhookServer = { url: '', posts: [], status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === path) {
        state.posts.push({ contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.writeHead(state.status).end(state.status < 300 ? 'ok' : 'no');
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return Object.assign(state, { url: `http://127.0.0.1:${portOf(server.address())}${path}` });
}
