// The twin of facenumbers.calculators.biometrics.MatcherCalculator.compute: two synthetic
// captures, their similarity, and the decision at a threshold.
//
// The browser rebuilds the calculator's seeded synthetic population itself, bit for bit:
// numpy's random numbers (SeedSequence, PCG64, Generator.standard_normal) are ported below,
// and so is models.templates.make_population. Scores are summed in numpy's order (its
// pairwise sum), so a pair's score is the very number Python finds; the sorted samples of
// models.matching.comparison_scores agree with Python's to the last bit or two (numpy sums
// them in a matrix product), which changes a count only at a threshold equal to a score.
// The context (facenumbers.twins.biometrics.matcher) carries the population's settings,
// numpy's ziggurat tables and the histogram's bin edges.
(function (FTN) {
  "use strict";
  const { py, fixed, formatPercent, formatCount } = FTN.format;

  // The seeded synthetic faces: models/synthetic_faces.js (loaded before this file).
  const { makeTemplates, sortedScores, countBelow, ratesAt, groupScores, pooled, normals, pairwise, dot,
          norm, unitRows, noiseForQuality, makeBase, PCG64, standardNormal, seedSequenceWords } = FTN.syntheticFaces;

  // ---- the Matcher -------------------------------------------------------------------

  // charts.biometrics.histogram_rows: each kind's share of comparisons in each bin; scores
  // outside the drawn range count in the first or last bin (np.histogram of clipped scores).
  function histogramRows(context, everyone) {
    const rows = [], edges = context.edges, bins = edges.length - 1;
    for (const kind of ["genuine", "impostor"]) {
      const sorted = everyone[kind];
      for (let b = 0; b < bins; b++) {
        const from = b === 0 ? 0 : countBelow(sorted, edges[b]);
        const to = b === bins - 1 ? sorted.length : countBelow(sorted, edges[b + 1]);
        rows.push({ kind: context.kind_labels[kind], start: context.starts[b], end: context.ends[b],
          share: (to - from) / Math.max(sorted.length, 1) });
      }
    }
    return rows;
  }

  // The population and scores at one quality, as biometrics._sample caches them.
  const samples = new Map();
  let baseFor = null, base = null;

  function sample(context, quality) {
    const p = context.population;
    if (baseFor !== context) {
      base = makeBase(p);
      baseFor = context;
      samples.clear();
    }
    if (!samples.has(quality)) {
      const templates = makeTemplates(p, base, quality);
      const byGroup = groupScores(p, templates);
      const everyone = pooled(byGroup);
      if (samples.size >= 16) samples.delete(samples.keys().next().value);
      const histogram = histogramRows(context, everyone);
      samples.set(quality, { templates, byGroup, everyone, histogram });
    }
    return samples.get(quality);
  }

  // matching.cosine_similarity of two template rows, clipped to [-1, 1].
  function cosine(a, i, b, j, d) {
    const result = dot(a, i, b, j, d) / (norm(a, i, d) * norm(b, j, d));
    return Math.min(Math.max(result, -1.0), 1.0);
  }

  function personName(index) {
    return `Person ${String(index + 1).padStart(3, "0")}`;
  }

  // MatcherCalculator._verification_text
  function verificationText(p, a, captureA, b, captureB, score, threshold) {
    const same = a === b;
    const match = score >= threshold;  // matching.verify
    const outcome = same
      ? (match ? "Correct: a match, and it is the same person."
        : "A <b>false non-match</b>: it is the same person, but the score is too low.")
      : (match ? "A <b>false match</b>: two different people, declared the same."
        : "Correct: no match, and they are different people.");
    const note = same && captureA === captureB ? " (the very same photo, so the score is 1)" : "";
    const group = (i) => p.groups[i % p.groups.length];
    return `<p>${personName(a)} (${group(a)}), capture ${captureA + 1}, against ` +
      `${personName(b)} (${group(b)}), capture ${captureB + 1}: ` +
      `${same ? "the same person" : "different people"}${note}.</p>` +
      `<p style='font-size:120%'>Similarity <b>${py(score, ".3f")}</b> ` +
      `${match ? "at or above" : "below"} the threshold ${py(threshold, ".3f")}: ` +
      `<b>${match ? "match" : "no match"}</b>.</p><p>${outcome}</p>`;
  }

  // MatcherCalculator._identification, with matching.identify against the first `size`
  // people's first captures.
  function identification(p, templates, a, captureA, values, threshold) {
    const d = p.dimensions, per = p.captures * d;
    const size = Math.trunc(values.gallery_size);
    const inGallery = a < size;
    const probe = a * per + captureA * d;
    const scores = new Float64Array(size);
    let best = 0, over = 0;
    for (let i = 0; i < size; i++) {
      scores[i] = cosine(templates, i * per, templates, probe, d);
      if (scores[i] > scores[best]) best = i;
      if (scores[i] >= threshold) over += 1;
    }
    let rank = null;
    if (inGallery) {
      rank = 1;
      for (let i = 0; i < size; i++) if (scores[i] > scores[a]) rank += 1;
    }
    const candidate = scores[best] >= threshold ? best : null;
    const name = personName(a);
    let verdict;
    if (candidate === null) {
      verdict = "No one reaches the threshold: <b>no match</b>. " +
        (inGallery ? "That is a <b>false negative</b>: they are in the gallery."
          : "Correct: they are not in the gallery.");
    } else if (inGallery && candidate === a) {
      verdict = `Top candidate: <b>${name}</b>. Correct.`;
    } else {
      verdict = `Top candidate: <b>${personName(candidate)}</b>, the wrong ` +
        "person: a <b>false positive identification</b>.";
    }
    let rankText = rank ? ` ${name} ranks ${rank} of ${py(size, ",")}.` : "";
    if (inGallery && captureA === 0) {
      rankText += " (Capture 1 is the gallery photo itself, so the score is 1: pick another capture.)";
    }
    return [scores[best],
      `<p>Searching ${name}, capture ${captureA + 1}, against a gallery of ${py(size, ",")} people ` +
      `(${inGallery ? "who include them" : "who do not include them"}).</p>` +
      `<p style='font-size:120%'>Best score <b>${py(scores[best], ".3f")}</b>; ` +
      `${over} gallery entr${over === 1 ? "y" : "ies"} at or above the ` +
      `threshold.</p><p>${verdict}${rankText}</p>`];
  }

  // charts.biometrics.describe_scores
  function describeScores(fmr, fnmr, threshold) {
    return `At a threshold of ${py(threshold, ".3f")}, ${formatPercent(fmr)} of different-person ` +
      `comparisons reach it (false matches) and ${formatPercent(fnmr)} of ` +
      "same-person comparisons fall below it (false non-matches).";
  }

  // MatcherCalculator.compute
  function compute(values, context) {
    const p = context.population;
    const threshold = values.threshold;
    const s = sample(context, Number(fixed(values.quality, 3)));  // round(quality, 3)
    const [fmr, fnmr] = ratesAt(s.everyone, threshold);
    const genuine = s.everyone.genuine.length, impostor = s.everyone.impostor.length;
    const a = Math.trunc(values.person_a) - 1, captureA = Math.trunc(values.capture_a) - 1;
    const searching = values.mode === context.modes[1];
    let score, pairText;
    if (values.mode === context.modes[0]) {
      const b = Math.trunc(values.person_b) - 1, captureB = Math.trunc(values.capture_b) - 1;
      const d = p.dimensions, per = p.captures * d;
      score = cosine(s.templates, a * per + captureA * d, s.templates, b * per + captureB * d, d);
      pairText = verificationText(p, a, captureA, b, captureB, score, threshold);
    } else {
      [score, pairText] = identification(p, s.templates, a, captureA, values, threshold);
    }
    const byGroup = p.groups.map((group) => {
      const [groupFmr, groupFnmr] = ratesAt(s.byGroup[group], threshold);
      return `<li>${group}: false-match rate ${formatPercent(groupFmr)}, ` +
        `false non-match rate ${formatPercent(groupFnmr)}</li>`;
    }).join("");
    const readout = pairText +
      `<p>In the whole synthetic population (${py(p.people, ",")} people, ` +
      `${p.captures} captures each): <b>${formatCount(fnmr * genuine)}</b> of ` +
      `${py(genuine, ",")} same-person comparisons fall below the threshold (false ` +
      `non-matches), and <b>${formatCount(fmr * impostor)}</b> of ${py(impostor, ",")} ` +
      `different-person comparisons reach it (false matches).</p><ul>${byGroup}</ul>`;
    return {
      params: { bins: s.histogram, threshold, pair_score: score },
      html: { summary: describeScores(fmr, fnmr, threshold), readout },
      answer: score,
      enabled: { gallery_size: searching, person_b: !searching, capture_b: !searching },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.matcher = { compute };
})(globalThis.FTN = globalThis.FTN || {});
