// The twin of facenumbers.calculators.start_here.ShareCalculator.compute.
(function (FTN) {
  "use strict";
  const { py, formatPercent } = FTN.format;

  function shareRows(people, population, claimed) {
    return [
      { label: "Everyone in China", millions: population / 1e6, kind: "counted" },
      { label: "The group you entered", millions: people / 1e6, kind: "counted" },
      { label: `${formatPercent(claimed)} of everyone (the claim)`,
        millions: (claimed * population) / 1e6, kind: "claimed" },
    ];
  }

  function compute(values) {
    const people = Math.trunc(values.people);
    const population = Math.trunc(values.population);
    const claimed = values.claimed_share;
    if (people > population) {
      throw new FTN.InputError(
        `People in the group (${py(people, ",")}) cannot be more than the population ` +
        `(${py(population, ",")}); lower the group or raise the population.`);
    }
    const share = people / population;
    const gap = share - claimed;
    const verdict = Math.abs(gap) < 0.005 ? "matches the claim"
      : `is ${formatPercent(Math.abs(gap))} points ${gap > 0 ? "above" : "below"} the claim`;
    return {
      answer: share,
      params: { bars: shareRows(people, population, claimed) },
      html: {
        summary: `${py(people / 1e6, ",.0f")} million out of ${py(population / 1e6, ",.0f")} ` +
          `million is ${formatPercent(share)}; the claim says ${formatPercent(claimed)}.`,
        readout: `<p style='font-size:120%'><b>${formatPercent(share)}</b> of the population</p>` +
          `<p>${py(people, ",")} / ${py(population, ",")} = ${py(share, ".3f")}, which ${verdict}.</p>`,
      },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.share_of_population = { compute };
})(globalThis.FTN = globalThis.FTN || {});
