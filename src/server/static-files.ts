/**
 * The built browser bundles and styles (`dist/public`), served with `@fastify/send`: content type,
 * ETag and Last-Modified, ranges, and nothing outside the folder (no `..`, no dotfiles).
 */
import send from '@fastify/send';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Sends `file` (a path inside `root` as a URL names it, e.g. `softphone-sip.js`), or answers 404. */
export async function sendStaticFile(request: FastifyRequest, reply: FastifyReply, root: string, file: string): Promise<FastifyReply> {
  // `send` decodes the path it is given, so it gets the encoded form.
  const { statusCode, headers, stream, type, metadata } = await send(request.raw, encodeURI(`/${file}`), { root, dotfiles: 'ignore', index: false });
  if (type === 'file') return reply.code(statusCode).headers(headers).send(stream);
  stream.destroy();
  // A folder, a missing file, or a path send refuses (outside the folder, a dotfile): not found.
  if (type === 'directory' || statusCode === 403 || statusCode === 404 || (metadata.error as NodeJS.ErrnoException).code === 'ENOENT') {
    reply.callNotFound();
    return reply;
  }
  return reply.code(statusCode).send(metadata.error);
}

/** Serves the files of `root` under `prefix` (e.g. `/assets/`). */
export function staticFiles(app: FastifyInstance, options: { readonly root: string; readonly prefix: string }): void {
  app.get<{ Params: { '*': string } }>(`${options.prefix}*`, (request, reply) => sendStaticFile(request, reply, options.root, request.params['*']));
}
