// The toll-fraud dial policy: destinations by prefix and country, costly number types blocked by
// default (libphonenumber-js "max" metadata), a deny list that always wins, a per-agent rate, and a
// verdict that always says which rule decided about which number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DEFAULT_BLOCKED_NUMBER_TYPES, defineConfig, dialPolicyConfig, type DialPolicyInput } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/index.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { DialPolicy, dialRefusalResponse, type DialVerdict } from '../../src/server/index.js';

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((list) => list.join(''));

/** Numbers in ranges the regulators publish as premium rate or personal numbers, with random subscriber digits. */
const costlyNumber = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 9 }), digits(6)).map(([first, rest]) => `+1900${first}${rest}`), // US 900 premium
  fc.tuple(fc.constantFrom('90', '91', '98'), digits(8)).map(([range, rest]) => `+44${range}${rest}`), // UK 09 premium
  digits(8).map((rest) => `+4470${rest}`), // UK 070 personal numbers
  fc.tuple(fc.constantFrom('1', '2', '3', '5', '7', '8', '9'), digits(6)).map(([first, rest]) => `+33897${first}${rest}`), // FR 0897 premium
  digits(7).map((rest) => `+49900${rest}`), // DE 0900 premium
);

/** Policies a deployer might write, all keeping the default blocked types, some allowing far too much. */
const policyInput: fc.Arbitrary<DialPolicyInput> = fc.record(
  {
    allowPrefixes: fc.subarray(['+1', '+1900', '+44', '+4490', '+4470', '+33', '+49', '+4990']),
    allowCountries: fc.subarray(['US', 'CA', 'GB', 'FR', 'DE']),
    denyPrefixes: fc.subarray(['+1900', '+44', '+7', '+882']),
    blockNumberTypes: fc.subarray(['VOIP', 'TOLL_FREE', 'MOBILE'] as const).map((extra) => [...DEFAULT_BLOCKED_NUMBER_TYPES, ...extra]),
  },
  { requiredKeys: [] },
);

describe('dial policy: destinations', () => {
  it('never allows a premium-rate or personal-number range, whatever the allow lists say', () => {
    fc.assert(
      fc.property(policyInput, costlyNumber, (input, number) => {
        const verdict = new DialPolicy({ policy: input }).check(number);
        assert.equal(verdict.allowed, false, `${number} allowed by ${JSON.stringify(input)}: ${verdict.reason}`);
      }),
      { numRuns: 500 },
    );
  });

  it('allows a number only if its type is not blocked, no deny prefix matches, and an allow rule does', () => {
    const anyNumber = fc.oneof(costlyNumber, fc.tuple(fc.constantFrom('+1', '+44', '+33', '+49', '+7', '+882', '+61'), digits(10)).map(([code, rest]) => `${code}${rest}`.slice(0, 13)));
    fc.assert(
      fc.property(policyInput, anyNumber, (input, number) => {
        const policy = new DialPolicy({ policy: input });
        const verdict = policy.check(number);
        if (!verdict.allowed) return;
        // An independent reading of the number: libphonenumber-js straight, not through the policy.
        const parsed = parsePhoneNumberFromString(number);
        if (!parsed?.isValid()) assert.fail(`${number} allowed though invalid`);
        const type = parsed.getType();
        assert.ok(!type || !policy.config.blockNumberTypes.includes(type), `${number} (${type}) allowed though its type is blocked`);
        assert.ok(!policy.config.denyPrefixes.some((prefix) => number.startsWith(prefix)), `${number} allowed though denied`);
        assert.ok(policy.config.allowPrefixes.some((prefix) => number.startsWith(prefix)) || (parsed.country !== undefined && policy.config.allowCountries.includes(parsed.country)), `${number} allowed by no rule`);
      }),
      { numRuns: 500 },
    );
  });

  it('lets the deny list win over every allow rule', () => {
    fc.assert(
      fc.property(digits(7), (rest) => {
        const verdict = new DialPolicy({ policy: { allowPrefixes: ['+1'], allowCountries: ['US'], denyPrefixes: ['+1415555'] } }).check(`+1415555${rest}`);
        assert.equal(verdict.allowed, false);
        assert.equal(verdict.rule, 'denied-prefix');
      }),
    );
  });

  it('always names the rule and the number in its reason', () => {
    const policy = new DialPolicy({ policy: { allowCountries: ['US', 'GB'], denyPrefixes: ['+4420'] } });
    const input = fc.oneof(fc.string({ maxLength: 30 }), costlyNumber, fc.tuple(fc.constantFrom('+1', '+44', '+', '00', ''), fc.stringMatching(/^[\d ().-]{0,16}$/)).map(([a, b]) => a + b));
    fc.assert(
      fc.property(input, (to) => {
        const verdict: DialVerdict = policy.check(to);
        assert.ok(verdict.reason.startsWith(`${verdict.rule}: `), verdict.reason);
        if (verdict.rule === 'not-e164') assert.ok(verdict.reason.includes(to.slice(0, 40)), verdict.reason);
        else assert.ok(verdict.reason.includes(verdict.number) && verdict.number.startsWith('+'), verdict.reason);
      }),
      { numRuns: 1000 },
    );
  });

  it('decides the documented cases with the documented rules', () => {
    const policy = new DialPolicy({ policy: { allowCountries: ['US', 'GB'], denyPrefixes: ['+1212'] } });
    const rules = Object.fromEntries(['+1 (415) 555-0199', '+19005550123', '+12125550100', '+33142685300', '+449098790000', '+447400123456', '+447700900123', '+1555', 'sip:evil@example.com', '+882351234567'].map((to) => [to, policy.check(to).rule]));
    assert.deepEqual(rules, {
      '+1 (415) 555-0199': 'allowed-country',
      '+19005550123': 'blocked-number-type',
      '+12125550100': 'denied-prefix',
      '+33142685300': 'destination-not-allowed',
      '+449098790000': 'blocked-number-type',
      '+447400123456': 'allowed-country',
      '+447700900123': 'invalid-number', // Ofcom's range for drama: never assigned
      '+1555': 'invalid-number',
      'sip:evil@example.com': 'not-e164',
      '+882351234567': 'invalid-number',
    });
    assert.match(policy.check('+19005550123').reason, /\+19005550123 is a PREMIUM_RATE number \(US\)/);
  });

  it('allows the config\'s phone regions when the policy names no destination', () => {
    const config = defineConfig({ provider: simulator(), defaultRegion: 'GB', phoneRegions: ['IE'] });
    assert.deepEqual(config.dialPolicy.allowCountries, ['GB', 'IE']);
    const policy = new DialPolicy({ policy: config.dialPolicy });
    assert.equal(policy.check('+35312345678').allowed, true);
    assert.equal(policy.check('+14155550199').rule, 'destination-not-allowed');
  });
});

describe('dial policy: per-agent rate', () => {
  it('never lets one agent place more than perMinute calls in a minute or perHour in an hour', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 5, max: 12 }), async (gaps, perMinute, perHour) => {
        let now = 0;
        const policy = new DialPolicy({ policy: { allowCountries: ['US'], rate: { perMinute, perHour } }, now: () => now });
        const placed: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const verdict = await policy.authorize({ to: '+14155550199', agent: 'agent-a' });
          if (verdict.allowed) placed.push(now);
          else {
            assert.match(verdict.rule, /^rate-per-(minute|hour)$/);
            assert.ok((verdict.retryAfterSeconds ?? 0) >= 1);
          }
        }
        for (const at of placed) {
          assert.ok(placed.filter((t) => t > at - 60_000 && t <= at).length <= perMinute, 'minute limit');
          assert.ok(placed.filter((t) => t > at - 3_600_000 && t <= at).length <= perHour, 'hour limit');
        }
        // Another agent is not held back by agent-a's calls.
        assert.equal((await policy.authorize({ to: '+14155550199', agent: 'agent-b' })).allowed, true);
      }),
      { numRuns: 200 },
    );
  });

  it('does not count refused destinations, and answers a JSON API with 429 and Retry-After', async () => {
    let now = 1_000_000;
    const policy = new DialPolicy({ policy: { rate: { perMinute: 2, perHour: 10 } }, now: () => now });
    assert.equal((await policy.authorize({ to: '+19005550123', agent: 'a' })).allowed, false);
    assert.equal((await policy.authorize({ to: '+14155550199', agent: 'a' })).allowed, true);
    now += 10_000;
    assert.equal((await policy.authorize({ to: '+14155550198', agent: 'a' })).allowed, true);
    now += 5_000;
    const third = await policy.authorize({ to: '+14155550197', agent: 'a' });
    assert.equal(third.allowed, false);
    assert.ok(!third.allowed);
    assert.equal(third.rule, 'rate-per-minute');
    assert.equal(third.retryAfterSeconds, 45);
    const response = dialRefusalResponse(third);
    assert.equal(response.statusCode, 429);
    assert.equal(response.headers['retry-after'], '45');
    assert.match(response.body.message, /agent a already placed 2 calls in the last minute \(dialPolicy\.rate\.perMinute\); \+14155550197 may be called in 45 s/);
    const premium = await policy.authorize({ to: '+19005550123', agent: 'b' });
    assert.ok(!premium.allowed);
    assert.equal(dialRefusalResponse(premium).statusCode, 403);
    now += 45_000;
    assert.equal((await policy.authorize({ to: '+14155550197', agent: 'a' })).allowed, true);
  });
});

describe('dial policy: configuration', () => {
  it('names the field that is wrong', () => {
    const cases: [unknown, string][] = [
      [{ allowPrefixes: ['44'] }, 'dialPolicy.allowPrefixes[0]'],
      [{ allowCountries: ['US', 'XX'] }, 'dialPolicy.allowCountries[1]'],
      [{ blockNumberTypes: ['PREMIUM'] }, 'dialPolicy.blockNumberTypes[0]'],
      [{ denyPrefixes: '+1900' }, 'dialPolicy.denyPrefixes'],
      [{ rate: { perMinute: 0 } }, 'dialPolicy.rate.perMinute'],
      [{ rate: { perMinute: 20, perHour: 10 } }, 'dialPolicy.rate.perHour'],
      [{ rate: { perDay: 5 } }, 'dialPolicy.rate.perDay'],
      [{ allowNumbers: [] }, 'dialPolicy.allowNumbers'],
    ];
    for (const [input, field] of cases) {
      assert.throws(() => dialPolicyConfig(input, ['US']), (error: unknown) => error instanceof ConfigError && error.field === field, field);
    }
    assert.throws(() => defineConfig({ provider: simulator(), dialPolicy: { allowPrefixes: ['1'] } }), /dialPolicy\.allowPrefixes\[0\] must be an E\.164 prefix/);
  });

  it('fills in the defaults: costly types blocked, 10 a minute and 120 an hour', () => {
    assert.deepEqual(dialPolicyConfig(undefined, ['US']), {
      allowPrefixes: [],
      allowCountries: ['US'],
      blockNumberTypes: ['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'UAN', 'PAGER'],
      denyPrefixes: [],
      rate: { perMinute: 10, perHour: 120 },
    });
    assert.equal(dialPolicyConfig({ rate: false }, ['US']).rate, false);
  });
});
