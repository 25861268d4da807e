/**
 * The lab gateway's recordings made playable. rtpengine alone (without its recording daemon, which
 * needs the kernel module) writes a recorded call's decrypted RTP as a pcap file; this turns one
 * into a mono 8 kHz 16-bit WAV file: each RTP stream (SSRC) of G.711 audio (PCMU or PCMA) decoded
 * and placed at its time in the call, the streams mixed. Other payloads (telephone-event, RTCP) are
 * skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a pcap file held, decoded. */
export interface DecodedRecording {
  /** 16-bit samples at 8 kHz. */
  readonly samples: Int16Array;
  readonly sampleRate: 8000;
  /** RTP streams found (one per SSRC), with their audio packets. */
  readonly streams: ReadonlyArray<{ readonly ssrc: number; readonly payloadType: number; readonly packets: number }>;
}

/** The pcap file of a call in `recordingDir` (rtpengine names it `<Call-ID>-<random>.pcap`), if any. */
export function findRecording(recordingDir: string, callId: string): string | undefined {
  const dir = join(recordingDir, 'pcaps');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  // rtpengine escapes the Call-ID in the file name as a URL would (`@` → `%40`).
  const prefixes = [`${callId}-`, `${encodeURIComponent(callId)}-`];
  const name = names.find((candidate) => candidate.endsWith('.pcap') && prefixes.some((prefix) => candidate.startsWith(prefix)));
  return name === undefined ? undefined : join(dir, name);
}

function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = segment === 0 ? t + 8 : segment === 1 ? t + 0x108 : (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

interface RtpPacket {
  readonly at: number;
  readonly ssrc: number;
  readonly payloadType: number;
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

/** The UDP payload of one captured packet (raw IPv4/IPv6, or Ethernet), or undefined. */
function udpPayload(data: Buffer, linkType: number): Buffer | undefined {
  let ip = data;
  if (linkType === 1) ip = data.subarray(14);
  else if (linkType === 113) ip = data.subarray(16);
  else if (linkType !== 101 && linkType !== 228 && linkType !== 229) return undefined;
  const version = (ip[0] ?? 0) >> 4;
  if (version === 4) {
    if (ip[9] !== 17) return undefined;
    return ip.subarray(((ip[0] ?? 0) & 0x0f) * 4 + 8);
  }
  if (version === 6) return ip[6] === 17 ? ip.subarray(48) : undefined;
  return undefined;
}

function rtpOf(payload: Buffer, at: number): RtpPacket | undefined {
  if (payload.length < 12 || (payload[0] ?? 0) >> 6 !== 2) return undefined;
  const payloadType = (payload[1] ?? 0) & 0x7f;
  // RTCP shares the port under rtcp-mux: its types 200-204 read as 72-76 here.
  if (payloadType >= 72 && payloadType <= 76) return undefined;
  let offset = 12 + ((payload[0] ?? 0) & 0x0f) * 4;
  if ((payload[0] ?? 0) & 0x10) offset += 4 + payload.readUInt16BE(offset + 2) * 4;
  let end = payload.length;
  if ((payload[0] ?? 0) & 0x20) end -= payload[payload.length - 1] ?? 0;
  if (offset > end) return undefined;
  return { at, ssrc: payload.readUInt32BE(8), payloadType, timestamp: payload.readUInt32BE(4), payload: payload.subarray(offset, end) };
}

/** Reads a pcap file's RTP packets. */
export function readRtp(pcap: Buffer): RtpPacket[] {
  if (pcap.length < 24) return [];
  const magic = pcap.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && pcap.readUInt32BE(0) !== 0xa1b2c3d4 && pcap.readUInt32BE(0) !== 0xa1b23c4d) return [];
  const u32 = (offset: number) => (little ? pcap.readUInt32LE(offset) : pcap.readUInt32BE(offset));
  const nanos = (little ? magic : pcap.readUInt32BE(0)) === 0xa1b23c4d;
  const linkType = u32(20) & 0x0fffffff;
  const packets: RtpPacket[] = [];
  for (let offset = 24; offset + 16 <= pcap.length; ) {
    const at = u32(offset) + u32(offset + 4) / (nanos ? 1e9 : 1e6);
    const length = u32(offset + 8);
    const data = pcap.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const udp = udpPayload(data, linkType);
    const rtp = udp ? rtpOf(udp, at) : undefined;
    if (rtp) packets.push(rtp);
  }
  return packets;
}

/** Decodes and mixes the G.711 streams of a pcap file. */
export function decodeRecording(pcap: Buffer): DecodedRecording {
  const packets = readRtp(pcap).filter((packet) => packet.payloadType === 0 || packet.payloadType === 8);
  const start = packets.reduce((earliest, packet) => Math.min(earliest, packet.at), Infinity);
  const firsts = new Map<number, RtpPacket>();
  const counts = new Map<number, number>();
  let length = 0;
  const placed: Array<{ readonly index: number; readonly packet: RtpPacket }> = [];
  for (const packet of packets) {
    const first = firsts.get(packet.ssrc) ?? packet;
    firsts.set(packet.ssrc, first);
    counts.set(packet.ssrc, (counts.get(packet.ssrc) ?? 0) + 1);
    // Where the stream began in the call (capture time), then its own clock (RTP timestamps).
    const index = Math.round((first.at - start) * 8000) + ((packet.timestamp - first.timestamp) >>> 0);
    if (index < 0 || index > 8000 * 4 * 3600) continue;
    placed.push({ index, packet });
    length = Math.max(length, index + packet.payload.length);
  }
  const mix = new Int32Array(length);
  for (const { index, packet } of placed) {
    const decode = packet.payloadType === 0 ? ulaw : alaw;
    for (let i = 0; i < packet.payload.length; i++) mix[index + i] = (mix[index + i] ?? 0) + decode(packet.payload[i] ?? 0);
  }
  const samples = Int16Array.from(mix, (value) => Math.max(-32768, Math.min(32767, value)));
  return {
    samples,
    sampleRate: 8000,
    streams: [...firsts.values()].map((first) => ({ ssrc: first.ssrc, payloadType: first.payloadType, packets: counts.get(first.ssrc) ?? 0 })),
  };
}

/** A mono 16-bit PCM WAV file of the samples. */
export function wavFile(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => data.writeInt16LE(sample, index * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The call's recording in `recordingDir` as a WAV file, or undefined when there is none. */
export function recordingAsWav(recordingDir: string, callId: string): Buffer | undefined {
  const file = findRecording(recordingDir, callId);
  if (!file) return undefined;
  const decoded = decodeRecording(readFileSync(file));
  return wavFile(decoded.samples, decoded.sampleRate);
}
