/**
 * The timeline the connector keeps of each call and of the start-up: what it keeps, how much, for
 * how many calls, and on which clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimelineRecorder } from '../../src/core/index.js';

describe('TimelineRecorder', () => {
  it('keeps at most 64 marks per call and for the start-up, and copies what it hands out', () => {
    let clock = 0;
    const recorder = new TimelineRecorder(() => ++clock);
    for (let index = 0; index < 70; index++) recorder.mark('c1', `stage-${index}`);
    const marks = recorder.call('c1')!.marks;
    assert.equal(marks.length, 64);
    assert.deepEqual(marks[63], { stage: 'stage-63', at: 64 });
    (marks as unknown as unknown[]).length = 0;
    assert.equal(recorder.call('c1')!.marks.length, 64, 'a copy');
    assert.equal(recorder.call('other'), undefined);

    let heard = 0;
    const stop = recorder.onStartupMark(() => heard++);
    for (let index = 0; index < 70; index++) recorder.markStartup(`s-${index}`, index);
    assert.equal(recorder.startup().marks.length, 64);
    assert.equal(heard, 64, 'listeners hear each mark kept, none past the limit');
    stop();
    recorder.mark('c2', 'ringing', 5);
    assert.equal(heard, 64, 'an unsubscribed listener hears no more');
    assert.deepEqual(recorder.call('c2'), { id: 'c2', marks: [{ stage: 'ringing', at: 5 }] });
    assert.equal(recorder.startup().id, 'startup');
  });

  it('keeps the last calls only, newest first', () => {
    const recorder = new TimelineRecorder(() => 1, 2);
    for (const id of ['a', 'b', 'c']) recorder.mark(id, 'ringing');
    recorder.mark('b', 'connected');
    assert.deepEqual(recorder.recentCalls().map((timeline) => [timeline.id, timeline.marks.length]), [['c', 1], ['b', 2]]);
  });

  it('by default times marks with sub-millisecond resolution on the wall clock', () => {
    const recorder = new TimelineRecorder();
    const before = Date.now();
    for (let index = 0; index < 20; index++) recorder.mark('c1', `m${index}`);
    const after = Date.now();
    const times = recorder.call('c1')!.marks.map((mark) => mark.at);
    assert.ok(times.every((at) => at >= before - 1 && at <= after + 1), `${times.join(', ')} within ${before}..${after}`);
    assert.ok(times.some((at) => !Number.isInteger(at)), 'performance.now() resolution, not Date.now()');
  });
});
