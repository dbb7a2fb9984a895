// The twin of facenumbers.calculators.base_rates.GallerySizeCalculator.compute: one face
// searched against a gallery of N, and the chance that a wrong candidate comes back.
// context.gallery_sizes: the sizes of the chart's curve (charts.base_rates.gallery_sizes).
(function (FTN) {
  "use strict";
  const { py, formatPercent, formatCount } = FTN.format;

  // models.base_rates.probability_of_at_least_one_false_match: 1 - (1 - FMR)^N, computed as
  // -expm1(N log1p(-FMR)) so that tiny rates and huge galleries stay exact.
  function probabilityOfAtLeastOneFalseMatch(rate, size) {
    if (rate === 1.0) return size > 0 ? 1.0 : 0.0;
    return -Math.expm1(size * Math.log1p(-rate));
  }

  // models.base_rates.expected_false_matches: N x FMR.
  function expectedFalseMatches(rate, size) {
    return size * rate;
  }

  // charts.base_rates.gallery_curve: the chance at each of the chart's gallery sizes.
  function galleryCurve(rate, sizes) {
    return sizes.map((n) => ({
      gallery_size: n, probability: probabilityOfAtLeastOneFalseMatch(rate, n),
    }));
  }

  // charts.base_rates.describe_gallery: the chart's one-line summary.
  function describeGallery(rate, size) {
    const expected = expectedFalseMatches(rate, size);
    const chance = probabilityOfAtLeastOneFalseMatch(rate, size);
    return `Searching one face against ${py(size, ",")} faces at a false-match rate of ` +
      `${py(rate, ".3g")} gives ${formatCount(expected)} wrong candidates on average; ` +
      `the chance of at least one is ${formatPercent(chance)}.`;
  }

  // GallerySizeCalculator.compute
  function compute(values, context) {
    const rate = values.false_match_rate;
    const size = Math.trunc(values.gallery_size);
    const expected = expectedFalseMatches(rate, size);
    const chance = probabilityOfAtLeastOneFalseMatch(rate, size);
    return {
      answer: chance,
      params: { curve: galleryCurve(rate, context.gallery_sizes), gallery_size: size,
                probability: chance },
      html: {
        summary: describeGallery(rate, size),
        readout: "<p style='font-size:120%'>Chance of at least one false match: " +
          `<b>${formatPercent(chance)}</b></p>` +
          `<p>Expected wrong candidates per search: <b>${formatCount(expected)}</b></p>` +
          `<p>Each search compares one face with ${py(size, ",")} others. Even a tiny error ` +
          `rate, repeated ${py(size, ",")} times, adds up.</p>`,
      },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.gallery_size = { compute };
})(globalThis.FTN = globalThis.FTN || {});
