/** The lab's call recordings over HTTP: `GET /lab/recordings/<Call-ID>.wav`, made from the gateway's pcap. */
import type { FastifyInstance } from 'fastify';
import { recordingAsWav } from '../lab/recording.js';

/** Serves the recordings rtpengine keeps in `recordingDir` as WAV files. */
export function labRecordingRoutes(app: FastifyInstance, recordingDir: string): void {
  app.get<{ Params: { file: string } }>('/lab/recordings/:file', (request, reply) => {
    const match = /^(.{1,200})\.wav$/.exec(request.params.file);
    // A Call-ID names the file; nothing that could leave the folder.
    if (!match?.[1] || /[/\\]|^\.\.?$/.test(match[1])) return reply.code(404).send({ error: 'Not found' });
    const wav = recordingAsWav(recordingDir, match[1]);
    if (!wav) return reply.code(404).send({ error: `No recording of call ${match[1]}` });
    return reply.type('audio/wav').header('cache-control', 'no-store').send(wav);
  });
}
