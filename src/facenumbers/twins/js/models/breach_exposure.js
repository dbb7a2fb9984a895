// The twin of facenumbers.calculators.breaches.BreachExposure.compute: what a store can leak
// over the years, case by case (facenumbers.models.breaches), with the chart's rows and
// summary (facenumbers.charts.breaches). context: the chart's constants (smallest_shown, and
// the labels no_breach and some_breach).
(function (FTN) {
  "use strict";
  const { formatPercent, formatCount, formatSignificant, roundHalfEven } = FTN.format;

  // numpy's sum of a float64 array (what pandas' Series.sum calls): pairwise summation, eight
  // running sums in blocks of up to 128 numbers, so the last bit matches Python's.
  function numpySum(a, start = 0, n = a.length) {
    if (n < 8) {
      let res = n === 0 ? 0 : -0;
      for (let i = 0; i < n; i++) res += a[start + i];
      return res;
    }
    if (n <= 128) {
      const r = a.slice(start, start + 8);
      let i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
      }
      let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[start + i];
      return res;
    }
    let half = Math.floor(n / 2);
    half -= half % 8;
    return numpySum(a, start, half) + numpySum(a, start + half, n - half);
  }

  // math.comb(n, k) as a float, as Python turns the exact integer into one (correctly rounded).
  function comb(n, k) {
    let result = 1n;
    for (let i = 1n; i <= BigInt(k); i++) result = (result * (BigInt(n) - BigInt(k) + i)) / i;
    return Number(result);
  }

  // -- Python's x ** n, for a float x from 0 to 1 and a whole n ---------------------------
  // Python calls the C library's pow, which rounds its result all but correctly; the
  // browser's Math.pow is often one unit in the last place away. The expected number leaked
  // adds such powers up, and whether it comes to exactly all the records stored ("100%" or
  // "100.0%") hangs on those last bits. So the power is computed here with about 106 bits
  // (a double-double: a number and its rounding error) and rounded once at the end.

  // [a * b, its rounding error] exactly, without a fused multiply-add (Dekker's product).
  function twoProduct(a, b) {
    const product = a * b;
    const splitA = 134217729 * a, splitB = 134217729 * b;
    const aHigh = splitA - (splitA - a), aLow = a - aHigh;
    const bHigh = splitB - (splitB - b), bLow = b - bHigh;
    const error = ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
    return [product, error];
  }

  // The product of two double-doubles [high, low], as a double-double.
  function multiplyDD([aHigh, aLow], [bHigh, bLow]) {
    const [product, error] = twoProduct(aHigh, bHigh);
    const low = error + (aHigh * bLow + aLow * bHigh);
    const high = product + low;
    return [high, low - (high - product)];
  }

  // Python's float.__pow__(x, n) for n a whole number from 0 up: x ** n.
  function power(x, n) {
    if (n === 0) return 1.0;
    if (x === 0 || x === 1 || n === 1) return x;
    let result = [1.0, 0.0];
    let base = [x, 0.0];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) result = multiplyDD(result, base);
      if (rest > 1) base = multiplyDD(base, base);
    }
    return result[0] + result[1];
  }

  // models.breaches._at_least_once: 1 - (1 - chance)^trials, accurate for tiny chances.
  function atLeastOnce(chance, trials) {
    if (chance >= 1.0) return trials > 0 ? 1.0 : 0.0;
    return -Math.expm1(trials * Math.log1p(-chance));
  }

  // models.breaches.still_exposed: stored x (1 - r) x (1 - (1 - p q)^years).
  function stillExposed(stored, p, q, years, resetShare) {
    return stored * (1 - resetShare) * atLeastOnce(p * q, years);
  }

  // models.breaches.breach_outcomes, with the BreachOutcome properties compute reads.
  function breachOutcomes(stored, p, q, years) {
    const cases = [];
    for (let k = 0; k <= years; k++) {
      const chance = comb(years, k) * power(p, k) * power(1 - p, years - k);
      const leaked = q < 1 ? stored * -Math.expm1(k * Math.log1p(-q)) : (k ? stored : 0.0);
      cases.push({ breaches: k, chance, records_leaked: leaked });
    }
    const chanceOfNoBreach = cases[0].chance;
    const chanceOfABreach = 1.0 - chanceOfNoBreach;
    const expectedExposed = numpySum(cases.map((c) => c.chance * c.records_leaked));
    return {
      stored, years, cases, chanceOfNoBreach, chanceOfABreach, expectedExposed,
      leakedByOneBreach: years >= 1 ? cases[1].records_leaked : 0.0,
      expectedIfBreached: chanceOfABreach === 0 ? 0.0 : expectedExposed / chanceOfABreach,
    };
  }

  // charts.policy.format_about: "about" and two significant figures from 10,000 up.
  function formatAbout(count) {
    count = count + 0;
    if (!Number.isFinite(count) || Math.abs(count) < 10000) return formatCount(count);
    return `about ${formatSignificant(count, 2)}`;
  }

  // Python's str.capitalize: the first character upper case, the rest lower case.
  function capitalize(text) {
    return text.slice(0, 1).toUpperCase() + text.slice(1).toLowerCase();
  }

  // charts.breaches.case_rows: the chart's rows, each case whose chance is at least `smallest`.
  function caseRows(outcome, context) {
    return outcome.cases.filter((c) => c.chance >= context.smallest_shown).map((c) => ({
      breaches: c.breaches, chance: c.chance, records_leaked: c.records_leaked,
      kind: c.breaches === 0 ? context.no_breach : context.some_breach,
      chance_text: formatPercent(c.chance), records_text: formatSignificant(c.records_leaked),
    }));
  }

  // charts.breaches.left_out: the chance held by the cases the chart leaves out.
  function leftOut(outcome, smallest) {
    return numpySum(outcome.cases.filter((c) => c.chance < smallest).map((c) => c.chance));
  }

  // charts.breaches.expected_line: the chart's parameter `expected`.
  function expectedLine(outcome) {
    return { records: outcome.expectedExposed,
             text: `Expected: ${formatAbout(outcome.expectedExposed)} (the average of all cases)` };
  }

  // charts.breaches.describe_breach_cases: the chart's one-line summary.
  function describeBreachCases(outcome, smallest) {
    const cases = outcome.cases;
    let likeliest = cases[0];  // pandas' idxmax: the first of the largest chances
    for (const c of cases) if (c.chance > likeliest.chance) likeliest = c;
    const k = likeliest.breaches;
    const name = k === 0 ? "no breach" : k === 1 ? "one breach" : `${k} breaches`;
    const span = outcome.years === 1 ? "1 year" : `${outcome.years} years`;
    let text = `Over ${span} the most likely case is ${name} (${formatPercent(likeliest.chance)})`;
    if (outcome.years >= 1 && outcome.stored > 0) {
      text += `; one breach leaks ${formatSignificant(outcome.leakedByOneBreach)} records`;
      if (outcome.years >= 2) text += `, two ${formatSignificant(cases[2].records_leaked)}`;
    }
    const expected = outcome.expectedExposed;
    // pandas' Series.round and Python's round both round half to even.
    const leaks = new Set(cases.filter((c) => c.chance > 0)
      .map((c) => roundHalfEven(c.records_leaked) + 0));
    if (!leaks.has(roundHalfEven(expected) + 0)) {
      text += `; the expected number leaked (${formatAbout(expected)}) is an average that ` +
        "happens in no case";
    }
    text += ".";
    const hidden = leftOut(outcome, smallest);
    if (hidden > 0) {
      text += ` Numbers of breaches with a chance below ${formatPercent(smallest)} ` +
        `(together ${formatPercent(hidden)}) are left out of the chart.`;
    }
    return text;
  }

  // BreachExposure.compute
  function compute(values, context) {
    const stored = Math.trunc(values.stored);
    const years = Math.trunc(values.years);
    const p = values.breach_probability_per_year;
    const q = values.share_leaked_per_breach;
    const outcome = breachOutcomes(stored, p, q, years);
    const faces = outcome.expectedExposed;
    const passwords = stillExposed(stored, p, q, years, values.password_reset_share);
    const nothing = outcome.chanceOfNoBreach;
    const something = outcome.chanceOfABreach;
    const span = years === 1 ? "1 year" : `${years} years`;
    let average;
    if (p === 1) {
      average = "With a breach certain every year there is only one case, and the " +
        "expectation is what happens.";
    } else if (p === 0) {
      average = "With no chance of a breach, nothing ever leaks.";
    } else {
      average = "That expectation is an average over &ldquo;nothing&rdquo; (no breach: " +
        `${formatPercent(nothing)} of the time) and &ldquo;a lot&rdquo; (when there is ` +
        `a breach, ${formatAbout(outcome.expectedIfBreached)} on average): almost ` +
        "never what actually happens.";
    }
    const readout =
      `<p>Chance of no breach at all in ${span}: <b>${formatPercent(nothing)}</b>; ` +
      `of at least one: <b>${formatPercent(something)}</b>.</p>` +
      `<p>One breach leaks <b>${formatAbout(outcome.leakedByOneBreach)}</b> records at ` +
      `once (${formatPercent(q)} of those stored).</p>` +
      `<p style='font-size:120%'><b>${capitalize(formatAbout(faces))}</b> records ` +
      `(${formatPercent(faces / stored)} of those stored) can be expected to have leaked ` +
      `after ${span}. ${average}</p>` +
      "<p>If they are faces, fingerprints or ID numbers, they stay leaked. Had the same " +
      `records been passwords, ${formatAbout(passwords)} would still be exposed: the rest ` +
      "changed theirs.</p>";
    return {
      answer: faces,
      params: { cases: caseRows(outcome, context), expected: expectedLine(outcome) },
      html: { summary: describeBreachCases(outcome, context.smallest_shown), readout },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.breach_exposure = { compute };
})(globalThis.FTN = globalThis.FTN || {});
