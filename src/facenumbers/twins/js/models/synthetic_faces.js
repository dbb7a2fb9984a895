// The seeded synthetic faces of the Matcher and the Threshold explorer, rebuilt in the
// browser bit for bit: numpy's random numbers (SeedSequence, PCG64, Generator.standard_normal),
// models.templates.make_population, and the comparison scores summed in numpy's pairwise
// order (models.matching.comparison_scores). Shared by models/matcher.js and
// models/threshold_explorer.js (facenumbers.twins.SCRIPTS loads it first).
(function (FTN) {
  "use strict";
  const { fixed } = FTN.format;

  function seedSequenceWords(entropy, words) {
    const imul = Math.imul;
    let hashA = 0x43b0d7e5;
    const hashmix = (value) => {
      value = (value ^ hashA) >>> 0;
      hashA = imul(hashA, 0x931e8875) >>> 0;
      value = imul(value, hashA) >>> 0;
      return (value ^ (value >>> 16)) >>> 0;
    };
    const mix = (x, y) => {
      const result = (imul(0xca01f9dd, x) - imul(0x4973f715, y)) >>> 0;
      return (result ^ (result >>> 16)) >>> 0;
    };
    const pool = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
    for (let src = 0; src < 4; src++) {
      for (let dst = 0; dst < 4; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
      }
    }
    for (let src = 4; src < entropy.length; src++) {
      for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
    }
    let hashB = 0x8b51f9dd;
    const out = [];
    for (let i = 0; i < words; i++) {
      let value = (pool[i % 4] ^ hashB) >>> 0;
      hashB = imul(hashB, 0x58f38ded) >>> 0;
      value = imul(value, hashB) >>> 0;
      out.push((value ^ (value >>> 16)) >>> 0);
    }
    return out;
  }

  // PCG64's multiplier, in 16-bit pieces from the lowest.
  const MULTIPLIER = [0xf645, 0x9fcc, 0xdf64, 0x4385, 0x5da4, 0x1fc6, 0xed05, 0x2360];

  // A 64-bit number given as two 32-bit halves, in 16-bit pieces from the lowest.
  function pieces(low, high) {
    return [low & 0xffff, low >>> 16, high & 0xffff, high >>> 16];
  }

  // numpy.random.PCG64(SeedSequence(entropy)): 128-bit state in 16-bit pieces; next() makes
  // the next raw 64-bit number (pcg_setseq_128_xsl_rr_64) as `low` and `high` 32-bit halves.
  class PCG64 {
    constructor(entropy) {
      const w = seedSequenceWords(entropy, 8);  // four uint64: state high, low, seq high, low
      const start = [...pieces(w[2], w[3]), ...pieces(w[0], w[1])];
      const sequence = [...pieces(w[6], w[7]), ...pieces(w[4], w[5])];
      this.inc = new Float64Array(8);
      let carry = 1;  // inc = (sequence << 1) | 1
      for (let i = 0; i < 8; i++) {
        const v = sequence[i] * 2 + carry;
        this.inc[i] = v & 0xffff;
        carry = v >>> 16;
      }
      this.state = new Float64Array(8);
      this.spare = new Float64Array(8);
      this.step();
      carry = 0;
      for (let i = 0; i < 8; i++) {
        const v = this.state[i] + start[i] + carry;
        this.state[i] = v & 0xffff;
        carry = v >>> 16;
      }
      this.step();
      this.low = 0;
      this.high = 0;
    }

    // state = state * MULTIPLIER + inc, modulo 2**128.
    step() {
      const s = this.state, t = this.spare, inc = this.inc;
      let carry = 0;
      for (let k = 0; k < 8; k++) {
        let total = carry + inc[k];
        for (let i = 0; i <= k; i++) total += s[i] * MULTIPLIER[k - i];
        t[k] = total % 65536;
        carry = Math.floor(total / 65536);
      }
      s.set(t);
    }

    next() {
      this.step();
      const s = this.state;
      const low = ((s[0] ^ s[4]) | ((s[1] ^ s[5]) << 16)) >>> 0;
      const high = ((s[2] ^ s[6]) | ((s[3] ^ s[7]) << 16)) >>> 0;
      let rot = s[7] >>> 10;
      let a = low, b = high;
      if (rot >= 32) { a = high; b = low; rot -= 32; }
      if (rot === 0) { this.low = a; this.high = b; return; }
      this.low = ((a >>> rot) | (b << (32 - rot))) >>> 0;
      this.high = ((b >>> rot) | (a << (32 - rot))) >>> 0;
    }

    // next_double: the top 53 bits of a raw number, over 2**53.
    nextDouble() {
      this.next();
      return (this.high * 2097152 + (this.low >>> 11)) / 9007199254740992;
    }
  }

  // numpy's random_standard_normal (the ziggurat method) with its tables `z`.
  function standardNormal(bits, z) {
    for (;;) {
      bits.next();
      const low = bits.low;
      const layer = low & 0xff;
      const magnitude = (bits.high & 0x1fffffff) * 8388608 + (low >>> 9);  // 52 bits
      let x = magnitude * z.wi[layer];
      if ((low >>> 8) & 1) x = -x;
      if (magnitude < z.ki[layer]) return x;
      if (layer === 0) {
        for (;;) {
          const xx = -z.inverse_r * Math.log1p(-bits.nextDouble());
          const yy = -Math.log1p(-bits.nextDouble());
          if (yy + yy > xx * xx) return (Math.floor(magnitude / 256) & 1) ? -(z.r + xx) : z.r + xx;
        }
      }
      const edge = (z.fi[layer - 1] - z.fi[layer]) * bits.nextDouble() + z.fi[layer];
      if (edge < Math.exp(-0.5 * x * x)) return x;
    }
  }

  // Generator.standard_normal(count), in C order.
  function normals(bits, z, count) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = standardNormal(bits, z);
    return out;
  }

  // ---- numpy's arithmetic -------------------------------------------------------------

  // numpy's pairwise sum (add.reduce over a contiguous axis) of f(start), ..., f(start + n - 1).
  // (Only the sign of a sum of exactly zero could differ from numpy's; no result shows it.)
  function pairwise(f, start, n) {
    if (n < 8) {
      let sum = -0.0;
      for (let i = 0; i < n; i++) sum += f(start + i);
      return sum;
    }
    if (n <= 128) {
      const r = [0, 0, 0, 0, 0, 0, 0, 0].map((_, j) => f(start + j));
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += f(start + i + j);
      let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) sum += f(start + i);
      return sum;
    }
    let half = Math.floor(n / 2);
    half -= half % 8;
    return pairwise(f, start, half) + pairwise(f, start + half, n - half);
  }

  // np.sum(a[i:i+n] * b[j:j+n]) as numpy sums it; the common case (8 to 128) unrolled.
  function dot(a, i, b, j, n) {
    if (n < 8 || n > 128) return 0 + pairwise((k) => a[k] * b[j + k - i], i, n);
    let r0 = a[i] * b[j], r1 = a[i + 1] * b[j + 1], r2 = a[i + 2] * b[j + 2];
    let r3 = a[i + 3] * b[j + 3], r4 = a[i + 4] * b[j + 4], r5 = a[i + 5] * b[j + 5];
    let r6 = a[i + 6] * b[j + 6], r7 = a[i + 7] * b[j + 7];
    let k = 8;
    for (; k < n - (n % 8); k += 8) {
      r0 += a[i + k] * b[j + k]; r1 += a[i + k + 1] * b[j + k + 1];
      r2 += a[i + k + 2] * b[j + k + 2]; r3 += a[i + k + 3] * b[j + k + 3];
      r4 += a[i + k + 4] * b[j + k + 4]; r5 += a[i + k + 5] * b[j + k + 5];
      r6 += a[i + k + 6] * b[j + k + 6]; r7 += a[i + k + 7] * b[j + k + 7];
    }
    let sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; k < n; k++) sum += a[i + k] * b[j + k];
    return 0 + sum;
  }

  // np.linalg.norm(v, axis=-1) of the row of length n at i.
  function norm(a, i, n) {
    return Math.sqrt(dot(a, i, a, i, n));
  }

  // templates._unit, in place: every row of length n divided by its length.
  function unitRows(a, n) {
    for (let i = 0; i < a.length; i += n) {
      const length = norm(a, i, n);
      for (let k = 0; k < n; k++) a[i + k] = a[i + k] / length;
    }
    return a;
  }

  // ---- models.templates and models.matching -------------------------------------------

  // templates.noise_for_quality: round(0.45 + 0.6 * (1 - quality), 10).
  function noiseForQuality(quality) {
    return Number(fixed(0.45 + 0.6 * (1.0 - quality), 10));
  }

  // The quality-free part of templates.make_population: identities and the raw capture noise.
  function makeBase(p) {
    const d = p.dimensions, groups = p.groups;
    const identityBits = new PCG64([p.seed, 1]);
    const captureBits = new PCG64([p.seed, 2]);
    const shared = unitRows(normals(identityBits, p.ziggurat, groups.length * d), d);
    const identities = unitRows(normals(identityBits, p.ziggurat, p.people * d), d);
    for (let person = 0; person < p.people; person++) {
      const g = person % groups.length;
      const weight = p.likeness[groups[g]];
      const own = Math.sqrt(1 - weight), common = Math.sqrt(weight);
      for (let k = 0; k < d; k++) {
        const at = person * d + k;
        identities[at] = own * identities[at] + common * shared[g * d + k];
      }
    }
    unitRows(identities, d);
    const noise = normals(captureBits, p.ziggurat, p.people * p.captures * d);
    return { identities, noise };
  }

  // templates.make_population(people, captures, quality, seed): templates[person, capture].
  function makeTemplates(p, base, quality) {
    const d = p.dimensions;
    const scale = noiseForQuality(quality) / Math.sqrt(d);
    const templates = new Float64Array(base.noise.length);
    for (let person = 0; person < p.people; person++) {
      for (let c = 0; c < p.captures; c++) {
        const at = (person * p.captures + c) * d;
        for (let k = 0; k < d; k++) {
          templates[at + k] = base.identities[person * d + k] + base.noise[at + k] * scale;
        }
      }
    }
    return unitRows(templates, d);
  }

  // error_rates.SortedScores.of(genuine, impostor).
  function sortedScores(genuine, impostor) {
    return { genuine: Float64Array.from(genuine).sort(),
      impostor: Float64Array.from(impostor).sort() };
  }

  // np.searchsorted(sorted, value, side="left"): how many are below `value`.
  function countBelow(sorted, value) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // SortedScores.rates_at: (false-match rate, false non-match rate).
  function ratesAt(scores, threshold) {
    const n = scores.impostor.length, m = scores.genuine.length;
    return [(n - countBelow(scores.impostor, threshold)) / n,
      1.0 - (m - countBelow(scores.genuine, threshold)) / m];
  }

  // matching.comparison_scores, sorted by group (biometrics._sample): every genuine pair of
  // captures, and every pair of first captures of two people in the same group.
  function groupScores(p, templates) {
    const d = p.dimensions, per = p.captures * d, byGroup = {};
    p.groups.forEach((group, g) => {
      const members = [];
      for (let person = g; person < p.people; person += p.groups.length) members.push(person);
      const genuine = [], impostor = new Float64Array(members.length * (members.length - 1) / 2);
      for (const person of members) {
        for (let first = 0; first < p.captures; first++) {
          for (let second = first + 1; second < p.captures; second++) {
            const at = person * per;
            genuine.push(dot(templates, at + first * d, templates, at + second * d, d));
          }
        }
      }
      let at = 0;
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          impostor[at++] = dot(templates, members[i] * per, templates, members[j] * per, d);
        }
      }
      byGroup[group] = sortedScores(genuine, impostor);
    });
    return byGroup;
  }

  // SortedScores.of the groups' scores put together.
  function pooled(byGroup) {
    const parts = Object.values(byGroup);
    const join = (kind) => {
      const out = new Float64Array(parts.reduce((n, s) => n + s[kind].length, 0));
      let at = 0;
      for (const s of parts) { out.set(s[kind], at); at += s[kind].length; }
      return out.sort();
    };
    return { genuine: join("genuine"), impostor: join("impostor") };
  }

  FTN.syntheticFaces = { seedSequenceWords, MULTIPLIER, pieces, PCG64, standardNormal, normals, pairwise, dot, norm, unitRows, noiseForQuality, makeBase, makeTemplates, sortedScores, countBelow, ratesAt, groupScores, pooled };
})(globalThis.FTN = globalThis.FTN || {});
