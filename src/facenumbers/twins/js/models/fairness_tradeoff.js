// The twin of facenumbers.calculators.fairness.FairnessCalculator.compute ("Fair to whom?").
// Everything here is closed form (facenumbers.models.fairness), so the context only carries
// the calculator's constants: the group names, the chart's measure labels and PER_GROUP.
(function (FTN) {
  "use strict";
  const { py, escape, formatPercent, formatCount } = FTN.format;

  const EQUAL_ERROR_RATES = "equal error rates";
  const EQUAL_PPV = "equal PPV";
  // Defaults, used when no context is given (the context repeats the calculator's values).
  const DEFAULTS = {
    groups: ["Group A", "Group B"],
    measures: ["Share of alarms that are right (PPV)", "Hit rate: wanted people flagged",
      "False-alert rate: innocent people flagged"],
    per_group: 100000,
  };

  // A failure of the Python model (a ValueError that compute turns into its own message).
  class ModelError extends Error {}

  // Python's math.isclose(a, b, rel_tol=relTol) with abs_tol 0.
  function isclose(a, b, relTol = 1e-9) {
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
  }

  // facenumbers.models.fairness.odds
  function odds(p) {
    return p / (1 - p);
  }

  // facenumbers.models.fairness.ppv
  function ppv(p, h, f) {
    const flagged = h * p + f * (1 - p);
    if (flagged === 0) throw new ModelError("nobody is flagged");
    return h * p / flagged;
  }

  // facenumbers.models.fairness.false_alert_rate_from_ppv
  function falseAlertRateFromPpv(p, target, h) {
    if (target === 0) throw new ModelError("target_ppv must be above 0");
    if (h === 0) throw new ModelError("hit_rate must be above 0");
    const needed = odds(p) * (1 - target) / target * h;
    if (needed > 1) throw new ModelError("cannot be reached");
    return needed;
  }

  // facenumbers.models.fairness.GroupOutcome (with its ppv property computed once).
  function outcome(group, prevalence, hitRate, falseAlertRate) {
    return { group, prevalence, hit_rate: hitRate, false_alert_rate: falseAlertRate,
      ppv: ppv(prevalence, hitRate, falseAlertRate) };
  }

  // facenumbers.models.fairness.tradeoff, for two groups, the first one the reference.
  function tradeoff(groups, prevalences, h, f, rule) {
    let rates;
    if (rule === EQUAL_ERROR_RATES) {
      rates = [f, f];
    } else {
      const target = ppv(prevalences[0], h, f);
      rates = [f, falseAlertRateFromPpv(prevalences[1], target, h)];
    }
    return groups.map((g, i) => outcome(g, prevalences[i], h, rates[i]));
  }

  // facenumbers.charts.fairness.fairness_rows
  function fairnessRows(outcomes, measures) {
    const reads = [(o) => o.ppv, (o) => o.hit_rate, (o) => o.false_alert_rate];
    const rows = [];
    measures.forEach((label, order) => {
      for (const o of outcomes) {
        rows.push({ measure: label, order, group: o.group, value: reads[order](o) });
      }
    });
    return rows;
  }

  // facenumbers.charts.fairness.describe_fairness
  function describeFairness(a, b, rule) {
    if (rule === EQUAL_ERROR_RATES) {
      return `Equal error rates (${formatPercent(a.hit_rate)} of wanted people flagged and ` +
        `${formatPercent(a.false_alert_rate)} of innocent people, in both groups): ` +
        `${formatPercent(a.ppv)} of alarms about ${a.group} are right, and ` +
        `${formatPercent(b.ppv)} of alarms about ${b.group}.`;
    }
    if (isclose(a.false_alert_rate, b.false_alert_rate)) {
      return `Equal PPV (${formatPercent(a.ppv)} of alarms right in both groups), with ` +
        `${formatPercent(a.false_alert_rate)} of innocent people flagged in both: ` +
        "equal base rates, no conflict.";
    }
    if (a.false_alert_rate === 0 || b.false_alert_rate === 0) {
      return `Equal PPV (${formatPercent(a.ppv)} of alarms right in both groups): ` +
        `${formatPercent(a.false_alert_rate)} of ${a.group}'s innocent people are ` +
        `flagged, and ${formatPercent(b.false_alert_rate)} of ${b.group}'s.`;
    }
    return `Equal PPV (${formatPercent(a.ppv)} of alarms right in both groups): ${b.group}'s ` +
      "innocent people are flagged " +
      `${py(b.false_alert_rate / a.false_alert_rate, ".3g")} times as ` +
      `often as ${a.group}'s (${formatPercent(b.false_alert_rate)} against ` +
      `${formatPercent(a.false_alert_rate)}).`;
  }

  // facenumbers.calculators.fairness._one_in
  function oneIn(rate) {
    if (rate <= 0) return "none";
    const n = Number(py(1 / rate, ".3g"));
    return n >= 100 ? `1 in ${py(n, ",.0f")}` : `1 in ${py(n, "g")}`;
  }

  // facenumbers.calculators.fairness._ratio
  function ratioWords(numerator, denominator) {
    if (denominator === 0) return numerator === 0 ? "just as often" : "more often";
    const ratio = numerator / denominator;
    if (isclose(ratio, 1, 1e-6)) return "just as often";
    return `${py(ratio, ".3g")} times as often`;
  }

  // facenumbers.calculators.fairness._other_way
  function otherWay(a, b) {
    if (a.prevalence === b.prevalence) return "";
    let moved;
    try {
      moved = falseAlertRateFromPpv(a.prevalence, ppv(b.prevalence, b.hit_rate, a.false_alert_rate),
        a.hit_rate);
    } catch (problem) {
      if (problem instanceof ModelError) return "";
      throw problem;
    }
    let cost, verb;
    if (moved < a.false_alert_rate) {
      cost = `a stricter setting for ${a.group}, which with a real matcher also misses more ` +
        "of its wanted people";
      verb = "lower";
    } else {
      cost = `a more lenient setting for ${a.group}, which flags more of its innocent people`;
      verb = "raise";
    }
    return ` The other road to equal PPV: keep ${b.group} at ${oneIn(a.false_alert_rate)} and ` +
      `${verb} ${a.group}'s rate to ${oneIn(moved)}: ${cost}.`;
  }

  // FairnessCalculator._verdict
  function verdict(a, b, rule) {
    if (rule === EQUAL_ERROR_RATES) {
      return `<p style='font-size:120%'>Alarms right: <b>${formatPercent(a.ppv)}</b> for ` +
        `${a.group}, <b>${formatPercent(b.ppv)}</b> for ${b.group}.</p>` +
        "<p>Both groups' innocent people are flagged as often " +
        `(${oneIn(a.false_alert_rate)}), and their wanted people found as often. But ` +
        `an alarm about someone in ${a.group} is right ${formatPercent(a.ppv)} of the ` +
        `time, and about someone in ${b.group} ${formatPercent(b.ppv)}: the same alarm ` +
        "means something different for the person stopped.</p>";
    }
    return `<p style='font-size:120%'>Alarms right: <b>${formatPercent(a.ppv)}</b> in both ` +
      `groups. False-alert rate: <b>${oneIn(a.false_alert_rate)}</b> in ${a.group}, ` +
      `<b>${oneIn(b.false_alert_rate)}</b> in ${b.group}.</p>` +
      (isclose(a.prevalence, b.prevalence)
        ? "<p>An alarm now means the same in both groups, and with equal base rates the " +
          "false-alert rates need not differ: there is no conflict.</p>"
        : "<p>An alarm now means the same in both groups, but an innocent person in " +
          `${b.group} is flagged ${ratioWords(b.false_alert_rate, a.false_alert_rate)} as one ` +
          `in ${a.group}.${otherWay(a, b)}</p>`);
  }

  // FairnessCalculator._unreachable
  function unreachable(values) {
    const needed = odds(values.prevalence_b) / odds(values.prevalence_a) * values.false_alert_rate;
    return "Equal PPV cannot be reached here: Group B would need a false-alert rate of " +
      `${py(needed, ".3g")}, more than 100% of its innocent people flagged, to bring its PPV ` +
      "down to Group A's. Lower the false-alert rate, or bring the two prevalences " +
      "closer.";
  }

  // FairnessCalculator.compute
  function compute(values, context) {
    const ctx = { ...DEFAULTS, ...(context || {}) };
    const rule = String(values.rule);
    let outcomes;
    try {
      outcomes = tradeoff(ctx.groups, [values.prevalence_a, values.prevalence_b],
        Number(values.hit_rate), Number(values.false_alert_rate), rule);
    } catch (problem) {
      if (problem instanceof ModelError) throw new FTN.InputError(unreachable(values));
      throw problem;
    }
    const [a, b] = outcomes;
    const perGroup = ctx.per_group;
    const measures = [
      ["Prevalence", (o) => oneIn(o.prevalence)],
      ["Hit rate", (o) => formatPercent(o.hit_rate)],
      ["False-alert rate",
        (o) => `${formatPercent(o.false_alert_rate)} (${oneIn(o.false_alert_rate)})`],
      ["PPV: alarms right", (o) => `<b>${formatPercent(o.ppv)}</b>`],
      [`Wanted people flagged, per ${py(perGroup, ",")}`,
        (o) => formatCount(perGroup * o.prevalence * o.hit_rate)],
      [`Innocent people flagged, per ${py(perGroup, ",")}`,
        (o) => formatCount(perGroup * (1 - o.prevalence) * o.false_alert_rate)],
    ];
    const rows = measures.map(([label, cell]) =>
      `<tr><th scope='row' style='text-align:left'>${label}</th>` +
      [a, b].map((o) => `<td>${cell(o)}</td>`).join("") + "</tr>").join("");
    const table = `<table><thead><tr><th></th><th>${escape(a.group)}</th>` +
      `<th>${escape(b.group)}</th></tr></thead><tbody>${rows}</tbody></table>`;
    const oddsRatio = odds(b.prevalence) / odds(a.prevalence);
    const oddsWords = isclose(oddsRatio, 1) ? "the odds are the same here, so nothing has to give"
      : `${py(oddsRatio, ".3g")} times here`;
    return {
      answer: a.ppv,
      params: { groups: fairnessRows(outcomes, ctx.measures) },
      html: {
        summary: describeFairness(a, b, rule),
        readout: verdict(a, b, rule) + table +
          "<p>The identity behind it (Chouldechova, 2017): false-alert rate = p / (1 − p) × " +
          "(1 − PPV) / PPV × hit rate. With the same hit rate and the same PPV, the " +
          `false-alert rates must differ as the groups' odds p / (1 − p) do: ${oddsWords}.</p>`,
      },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.fairness_tradeoff = { compute };
})(globalThis.FTN = globalThis.FTN || {});
