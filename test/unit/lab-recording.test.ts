import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecording, wavFile } from '../../src/lab/recording.js';

/** One IPv4/UDP/RTP packet of G.711 payload as rtpengine's raw pcap holds it. */
function packet(ssrc: number, seq: number, timestamp: number, payload: Buffer, payloadType = 0): Buffer {
  const rtp = Buffer.alloc(12);
  rtp[0] = 0x80;
  rtp[1] = payloadType;
  rtp.writeUInt16BE(seq & 0xffff, 2);
  rtp.writeUInt32BE(timestamp >>> 0, 4);
  rtp.writeUInt32BE(ssrc, 8);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(8 + rtp.length + payload.length, 4);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip[9] = 17;
  return Buffer.concat([ip, udp, rtp, payload]);
}

function pcap(records: ReadonlyArray<{ readonly at: number; readonly data: Buffer }>): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(101, 20);
  return Buffer.concat([header, ...records.map(({ at, data }) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(at), 0);
    record.writeUInt32LE(Math.round((at % 1) * 1e6), 4);
    record.writeUInt32LE(data.length, 8);
    record.writeUInt32LE(data.length, 12);
    return Buffer.concat([record, data]);
  })]);
}

// μ-law 0x00 is the loudest negative sample, 0xff silence.
const LOUD = Buffer.alloc(160, 0x00);
const T0 = 1_800_000_000;

describe('the lab gateway\'s pcap recordings as WAV', () => {
  it('two streams of 20 ms PCMU packets over 3 s mix into 3 s of 8 kHz audio, the later stream at its time', () => {
    const records = [];
    for (let i = 0; i < 150; i++) records.push({ at: T0 + i * 0.02, data: packet(1, i, 1000 + i * 160, LOUD) });
    // The second side starts 1 s later, its RTP clock anywhere.
    for (let i = 0; i < 100; i++) records.push({ at: T0 + 1 + i * 0.02, data: packet(2, i, 0xfffff000 + i * 160, LOUD, 8) });
    const decoded = decodeRecording(pcap(records));
    assert.equal(decoded.samples.length, 150 * 160);
    assert.deepEqual(decoded.streams.map((stream) => [stream.ssrc, stream.payloadType, stream.packets]), [[1, 0, 150], [2, 8, 100]]);
    // Before the second stream (0.5 s): one side only, μ-law 0x00 decoded; after (1.5 s): both, mixed and clipped.
    assert.equal(decoded.samples[4000], -32124);
    assert.equal(decoded.samples[12_000], -32768);
  });
  it('skips what is not G.711 audio: telephone-events, RTCP, non-UDP', () => {
    const rtcp = packet(3, 0, 0, Buffer.alloc(20));
    rtcp[28 + 1] = 200;
    const tcp = packet(4, 0, 0, LOUD);
    tcp[9] = 6;
    const decoded = decodeRecording(pcap([{ at: T0, data: packet(5, 0, 0, Buffer.alloc(4), 101) }, { at: T0, data: rtcp }, { at: T0, data: tcp }]));
    assert.equal(decoded.samples.length, 0);
    assert.deepEqual(decoded.streams, []);
  });
  it('writes a playable RIFF/WAVE header: mono, 16-bit, the data size and rate given', () => {
    const wav = wavFile(Int16Array.from([0, 1000, -1000, 32767]), 8000);
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.readUInt32LE(4), 36 + 8);
    assert.equal(wav.toString('ascii', 8, 16), 'WAVEfmt ');
    assert.equal(wav.readUInt16LE(22), 1);
    assert.equal(wav.readUInt32LE(24), 8000);
    assert.equal(wav.readUInt16LE(34), 16);
    assert.equal(wav.readUInt32LE(40), 8);
    assert.equal(wav.readInt16LE(46), 1000);
  });
});
