// The twin of facenumbers.calculators.biometrics.ThresholdExplorer.compute: both error rates
// at a threshold, by group, and the people they affect in a month.
//
// The browser rebuilds the calculator's seeded synthetic population itself (2,000 people,
// about a million comparisons), bit for bit: numpy's random numbers (SeedSequence, PCG64,
// Generator.standard_normal) are ported below, and so is models.templates.make_population.
// Its sorted scores agree with Python's to the last bit or two (numpy sums them in a matrix
// product, in another order), which changes a count only at a threshold equal to a score:
// the preset thresholds are such scores, so the context
// (facenumbers.twins.biometrics.threshold_explorer) carries Python's counts at exactly those.
// Rates, intervals (models.uncertainty) and monthly outcomes are computed here.
(function (FTN) {
  "use strict";
  const { py, fixed, escape, roundHalfEven } = FTN.format;
  const { formatPercent, formatCount, formatSmallRate } = FTN.format;

  // The seeded synthetic faces: models/synthetic_faces.js (loaded before this file).
  const { makeTemplates, sortedScores, countBelow, ratesAt, groupScores, pooled, normals, pairwise, dot,
          norm, unitRows, noiseForQuality, makeBase, PCG64, standardNormal, seedSequenceWords } = FTN.syntheticFaces;

  // ---- models.uncertainty ------------------------------------------------------------

  // log Γ(x) for x > 0, as math.lgamma: Stirling's series from 15 up, the recurrence below.
  // (Python's own method differs in the last digits; only 2-figure text is made from it, and
  // every interval this calculator can show was checked against Python's.)
  function lgamma(x) {
    if (x === Math.floor(x) && x <= 2.0) return 0.0;
    let product = 1.0;
    while (x < 15) { product *= x; x += 1; }
    const inverse = 1 / x, square = inverse * inverse;
    const series = inverse * (1 / 12 - square * (1 / 360 - square * (1 / 1260 - square *
      (1 / 1680 - square / 1188))));
    return (x - 0.5) * Math.log(x) - x + 0.91893853320467274178 + series - Math.log(product);
  }

  // uncertainty._beta_fraction: the incomplete beta's continued fraction (modified Lentz).
  function betaFraction(x, a, b) {
    const tiny = 1e-300;
    const qab = a + b, qap = a + 1.0, qam = a - 1.0;
    let c = 1.0, d = 1.0 - qab * x / qap;
    d = 1.0 / (Math.abs(d) > tiny ? d : tiny);
    let h = d;
    for (let m = 1; m < 500; m++) {
      const m2 = 2 * m;
      let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1.0 + aa * d;
      d = 1.0 / (Math.abs(d) > tiny ? d : tiny);
      c = Math.abs(1.0 + aa / c) > tiny ? 1.0 + aa / c : tiny;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      d = 1.0 / (Math.abs(d) > tiny ? d : tiny);
      c = Math.abs(1.0 + aa / c) > tiny ? 1.0 + aa / c : tiny;
      const step = d * c;
      h *= step;
      if (Math.abs(step - 1.0) < 1e-14) break;
    }
    return h;
  }

  // uncertainty._regularized_beta: I_x(a, b).
  function regularizedBeta(x, a, b) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) return Math.exp(logFront) * betaFraction(x, a, b) / a;
    return 1.0 - Math.exp(logFront) * betaFraction(1.0 - x, b, a) / b;
  }

  // uncertainty.solve_increasing (bisection) for uncertainty._beta_quantile.
  function betaQuantile(p, a, b) {
    let low = 0.0, high = 1.0;
    for (let i = 0; i < 200; i++) {
      const middle = (low + high) / 2;
      if (regularizedBeta(middle, a, b) < p) low = middle; else high = middle;
      if (high - low < 1e-13) break;
    }
    return (low + high) / 2;
  }

  // uncertainty.clopper_pearson_interval at 95%.
  function clopperPearsonInterval(successes, trials) {
    const alpha = 1.0 - 0.95;
    const low = successes === 0 ? 0.0 : betaQuantile(alpha / 2, successes, trials - successes + 1);
    const high = successes === trials ? 1.0
      : betaQuantile(1 - alpha / 2, successes + 1, trials - successes);
    return [low, high];
  }

  // uncertainty.upper_bound_when_none_seen at 95%.
  function upperBoundWhenNoneSeen(trials) {
    return 1.0 - Math.pow(1.0 - 0.95, 1.0 / trials);
  }

  // charts.text.format_rate_in_sample (FEW_EVENTS = 20).
  function formatRateInSample(rate, sampleSize, lineBreak) {
    const events = roundHalfEven(rate * sampleSize);
    let note;
    if (events === 0) {
      const bound = upperBoundWhenNoneSeen(sampleSize);
      note = `none of ${py(sampleSize, ",")}: below ${formatSmallRate(bound)}, 95%`;
    } else if (events < 20) {
      const [low, high] = clopperPearsonInterval(events, sampleSize);
      note = `${py(events, ",")} of ${py(sampleSize, ",")}; 95% interval ` +
        `${formatPercent(low)} to ${formatPercent(high)}, exact`;
    } else {
      return formatPercent(rate);
    }
    return lineBreak ? `${formatPercent(rate)}<br><small>${note}</small>`
      : `${formatPercent(rate)} (${note})`;
  }

  // ---- the Threshold explorer ---------------------------------------------------------

  // The population's scores (biometrics._sample), by group and for everyone, made once.
  let madeFor = null, made = null;

  function samplesOf(context) {
    if (madeFor !== context) {
      const p = context.population;
      const templates = makeTemplates(p, makeBase(p), p.quality);
      const byGroup = groupScores(p, templates);
      const everyone = context.groups.find((group) => !p.groups.includes(group));
      made = { ...byGroup, [everyone]: pooled(byGroup) };
      madeFor = context;
    }
    return made;
  }

  // ThresholdExplorer.rates: (FMR, FNMR) per group and for everyone; at a preset threshold,
  // from Python's counts there.
  function rates(context, samples, threshold) {
    const exact = context.exact.find((entry) => entry.threshold === threshold);
    const out = {};
    for (const group of context.groups) {
      const s = samples[group];
      if (exact) {
        const [atOrAbove, below] = exact.counts[group];
        const n = s.impostor.length, m = s.genuine.length;
        out[group] = [atOrAbove / n, 1.0 - (m - below) / m];
      } else {
        out[group] = ratesAt(s, threshold);
      }
    }
    return out;
  }

  // charts.biometrics.describe_det
  function describeDet(points, threshold) {
    const parts = points.map((p) => `${p.group}, false-match rate ${formatPercent(p.fmr)}, ` +
      `false non-match rate ${formatPercent(p.fnmr)}`);
    return `At a threshold of ${py(threshold, ".3f")}: ` + parts.join("; ") + ".";
  }

  // error_rates.monthly_outcomes, the groups in equal shares.
  function monthlyOutcomes(registrations, impostorShare, ratesByGroup, groups) {
    const month = {};
    for (const group of groups) {
      const [fmr, fnmr] = ratesByGroup[group];
      const people = registrations * (1 / groups.length);
      const honest = people * (1 - impostorShare), impostors = people * impostorShare;
      month[group] = {
        honest_falsely_rejected: honest * fnmr,
        impostors_accepted: impostors * fmr,
      };
    }
    return month;
  }

  // ThresholdExplorer._ratio
  function ratio(numerator, denominator) {
    if (numerator === 0 && denominator === 0) {
      return "not measurable against (neither group has any in this sample)";
    }
    if (denominator === 0) return "not comparable with (Group A has none in this sample)";
    if (numerator === 0) return "not comparable with (Group B has none in this sample)";
    return `${py(numerator / denominator, ".1f")} times`;
  }

  // ThresholdExplorer.compute
  function compute(values, context) {
    const threshold = values.threshold;
    const groups = context.population.groups;
    const samples = samplesOf(context);
    const everyone = context.groups.find((group) => !groups.includes(group));
    const r = rates(context, samples, threshold);
    const floors = context.floors;
    const points = context.groups.map((group) => ({ group,
      fmr: Math.max(r[group][0], floors.fmr), fnmr: Math.max(r[group][1], floors.fnmr) }));
    const registrations = Math.trunc(values.registrations_per_month);
    const month = monthlyOutcomes(registrations, values.impostor_share, r, groups);
    const total = (column) => groups.reduce((sum, group) => sum + month[group][column], 0);
    const refused = total("honest_falsely_rejected"), through = total("impostors_accepted");
    const rows = groups.map((g) => `<tr><td>${escape(g)}</td>` +
      `<td>${formatRateInSample(r[g][0], samples[g].impostor.length, true)}</td>` +
      `<td>${formatRateInSample(r[g][1], samples[g].genuine.length, true)}</td>` +
      `<td>${formatCount(month[g].honest_falsely_rejected)}</td>` +
      `<td>${formatCount(month[g].impostors_accepted)}</td></tr>`).join("");
    const [[fmrA, fnmrA], [fmrB, fnmrB]] = [r[groups[0]], r[groups[1]]];
    const readout = "<p style='font-size:120%'>False-match rate " +
      `<b>${formatRateInSample(r[everyone][0], samples[everyone].impostor.length)}</b>; ` +
      "false non-match rate " +
      `<b>${formatRateInSample(r[everyone][1], samples[everyone].genuine.length)}</b></p>` +
      "<table><thead><tr><th>Group</th><th>False-match rate</th><th>False non-match rate</th>" +
      "<th>Honest people refused a month</th><th>Impostors let through a month</th></tr></thead>" +
      `<tbody>${rows}</tbody></table>` +
      `<p>Group B's false-match rate is ${ratio(fmrB, fmrA)} Group A's; its false ` +
      `non-match rate is ${ratio(fnmrB, fnmrA)} Group A's.</p>` +
      `<p>At ${py(registrations, ",")} registrations a month, ` +
      `<b>${formatCount(refused)}</b> honest people are refused ` +
      `at the first try, and <b>${formatCount(through)}</b> people ` +
      "using someone else's card get through.</p>";
    return {
      params: { points },
      html: {
        summary: describeDet(context.groups.map((g) => ({ group: g, fmr: r[g][0], fnmr: r[g][1] })),
          threshold),
        readout,
      },
      answer: refused,
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.threshold_explorer = { compute };
})(globalThis.FTN = globalThis.FTN || {});
