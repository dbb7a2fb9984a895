// The twin of facenumbers.calculators.policy.PolicySimulator.compute (Lesson 06): four
// registration policies side by side, and which costs least as two harms' weights change.
// Every number is a closed form of facenumbers.models.policy (stop_chances, compare_policies,
// cheapest_by_weight_ratio) and facenumbers.models.breaches, computed here in the same order
// of operations as in Python (Python 3.11's sum adds left to right, as `sum` below does).
// The context (facenumbers.twins.policy) holds the model's constant tables and labels.
// The readout's words and tables are in policy_simulator_tables.js, which loads first
// (facenumbers.twins.SCRIPTS); it is looked up when compute runs.
(function (FTN) {
  "use strict";
  const { py, escape } = FTN.format;
  const texts = () => FTN.policy_simulator_tables;

  // Python's sum() of floats (3.11): from 0, left to right, no compensation.
  function sum(numbers) {
    let total = 0;
    for (const x of numbers) total += x;
    return total;
  }

  // calculators.policy.inputs_from: the model's inputs from the calculator's flat values.
  function inputsFrom(values, context) {
    const kinds = context.fraud_kinds.map(([kind]) => kind);
    const counter = context.at_the_counter;
    const pick = (prefix, names) => {
      const picked = {};
      for (const name of names) picked[name] = Number(values[`${prefix}_${name}`]);
      return picked;
    };
    const bShare = Number(values.group_b_share);
    const [groupA, groupB] = context.groups;
    const weights = {};
    for (const [harm] of context.harms) weights[harm] = Number(values[`weight_${harm}`]);
    return {
      registrationsPerYear: Math.trunc(values.registrations_per_year),
      fraudShares: pick("fraud", kinds),
      documentCheck: { ...pick("document", counter), resale: 0.0 },
      faceCheck: { ...pick("face", counter.slice(1)), resale: 0.0 },
      searchCheck: { ...pick("search", counter), resale: 0.0 },
      livenessMissRate: Number(values.liveness_miss_rate),
      lookalikeShare: Number(values.lookalike_share),
      lookalikeMultiplier: Number(values.lookalike_false_match_multiplier),
      falseMatchRate: Number(values.false_match_rate),
      falseNonMatchRate: Number(values.false_non_match_rate),
      searchFalseMatchRate: Number(values.search_false_match_rate),
      // models.policy.Group: (name, share, false-match and false non-match multipliers)
      groups: [
        { name: groupA, share: 1.0 - bShare, fmm: 1.0, fnmm: 1.0 },
        { name: groupB, share: bShare, fmm: Number(values.group_b_false_match_multiplier),
          fnmm: Number(values.group_b_false_non_match_multiplier) },
      ],
      tries: Math.trunc(values.tries),
      retrySuccess: Number(values.retry_success),
      manualFallbackSuccess: Number(values.manual_fallback_success),
      gallerySize: Math.trunc(values.gallery_size),
      storeFacesInC: Boolean(values.store_faces_in_c),
      bKeepsPhotos: Boolean(values.b_keeps_photos),
      dReusesIdPhotos: Boolean(values.d_reuses_id_photos),
      breachProbability: Number(values.breach_probability_per_year),
      shareLeaked: Number(values.share_leaked_per_breach),
      years: Math.trunc(values.years),
      displacement: Number(values.displacement),
      population: context.population,
      weights,
    };
  }

  // models.policy._group_rate: a group's error rate, capped at 1.
  function groupRate(rate, multiplier) {
    return Math.min(1.0, rate * multiplier);
  }

  // models.breaches._at_least_once: 1 - (1 - chance)^trials, accurate for tiny chances.
  function atLeastOnce(chance, trials) {
    if (chance >= 1.0) return trials > 0 ? 1.0 : 0.0;
    return -Math.expm1(trials * Math.log1p(-chance));
  }

  // models.breaches.still_exposed, with reset_share 0 (a face cannot be reset).
  function stillExposed(stored, p, q, years) {
    return stored * (1 - 0.0) * atLeastOnce(p * q, years);
  }

  // models.policy.stop_chances: {policy: {kind: chance that the policy stops that kind}}.
  function stopChances(inputs, context) {
    const passes = (falseMatchRate) =>
      1 - ((1 - falseMatchRate) * (1 - inputs.livenessMissRate)) ** inputs.tries;
    const lookalike = inputs.lookalikeShare;
    const impostorPassesFace = sum(inputs.groups.map((group) => group.share * (
      (1 - lookalike) * passes(groupRate(inputs.falseMatchRate, group.fmm))
      + lookalike * passes(groupRate(inputs.falseMatchRate,
                                     group.fmm * inputs.lookalikeMultiplier)))));
    const face = { impersonation: 1 - impostorPassesFace, ...inputs.faceCheck };
    const layers = {
      A: [], B: [inputs.documentCheck], C: [inputs.documentCheck, face],
      D: [inputs.documentCheck, face, inputs.searchCheck],
    };
    const rows = {};
    for (const [policy] of context.policies) {
      rows[policy] = {};
      for (const [kind] of context.fraud_kinds) {
        let product = 1;  // math.prod
        for (const check of layers[policy]) product *= 1 - check[kind];
        rows[policy][kind] = 1 - product;
      }
    }
    return rows;
  }

  // models.policy.PolicyOutcome with its properties, as plain numbers.
  function outcome(fields, context) {
    const kinds = context.fraud_kinds.map(([kind]) => kind);
    const o = { ...fields };
    o.fraudAttempts = sum(kinds.map((k) => o.attempts[k]));
    o.fraudStopped = sum(kinds.map((k) => o.stopped[k]));
    const left = {};
    for (const k of kinds) left[k] = o.attempts[k] - o.stopped[k];
    left.resale += o.displacedToResale;
    o.notStopped = left;
    o.fraudNotStopped = sum(kinds.map((k) => left[k]));
    o.honestRefused = sum(context.groups.map((g) => o.honestRefusedByGroup[g]));
    o.falseDuplicateFlags = sum(context.groups.map((g) => o.peopleFlaggedByGroup[g]));
    o.harms = {  // PolicyOutcome.harms, by harm (in the order of HARMS)
      fraud_not_stopped: o.fraudNotStopped,
      honest_refused: o.honestRefused,
      false_duplicate_flags: o.falseDuplicateFlags,
      people_exposed: o.peopleExposed,
      faces_linked: o.facesStored,
    };
    return o;
  }

  // A weighted sum over the harms, in the order of HARMS (compare_policies' expected cost).
  function weighted(harms, weights, context) {
    return sum(context.harms.map(([harm]) => weights[harm] * harms[harm]));
  }

  // models.policy.compare_policies: the four policies' expected outcomes for one year.
  function comparePolicies(inputs, context) {
    const kinds = context.fraud_kinds.map(([kind]) => kind);
    const registrations = inputs.registrationsPerYear;
    const attempts = {};
    for (const k of kinds) attempts[k] = registrations * inputs.fraudShares[k];
    const honest = registrations - sum(kinds.map((k) => attempts[k]));
    const chances = stopChances(inputs, context);
    const outcomes = [];
    for (const [policy, label] of context.policies) {
      const stopped = {};
      for (const k of kinds) stopped[k] = attempts[k] * chances[policy][k];
      const refused = {}, flagged = {};
      let falseMatches = 0.0;
      for (const group of inputs.groups) {
        const people = honest * group.share;
        let machineRefuses = 0.0;
        if (policy === "C" || policy === "D") {
          const fnmr = groupRate(inputs.falseNonMatchRate, group.fnmm);
          machineRefuses = fnmr * (1 - inputs.retrySuccess) ** (inputs.tries - 1);
        }
        const acceptedAtFace = people * (1 - machineRefuses);
        if (policy === "D") {
          const fmr = groupRate(inputs.searchFalseMatchRate, group.fmm);
          falseMatches += acceptedAtFace * inputs.gallerySize * fmr;
          flagged[group.name] = acceptedAtFace * atLeastOnce(fmr, inputs.gallerySize);
        } else {
          flagged[group.name] = 0.0;
        }
        refused[group.name] = (people * machineRefuses + flagged[group.name])
          * (1 - inputs.manualFallbackSuccess);
      }
      // Every face the camera captures: the honest, and the fraudsters past the ID check.
      const captured = honest + sum(context.at_the_counter.map(
        (k) => attempts[k] * (1 - inputs.documentCheck[k])));
      let stored;
      if (policy === "D") {
        const keepsCaptures = inputs.storeFacesInC || !inputs.dReusesIdPhotos;
        stored = (keepsCaptures ? captured : 0.0)
          + (inputs.dReusesIdPhotos ? 0.0 : inputs.gallerySize);
      } else if ((policy === "C" && inputs.storeFacesInC)
                 || (policy === "B" && inputs.bKeepsPhotos)) {
        stored = captured;
      } else {
        stored = 0.0;
      }
      const exposed = stillExposed(stored, inputs.breachProbability, inputs.shareLeaked,
                                   inputs.years);
      const o = outcome({
        policy, label, attempts, stopped,
        displacedToResale: sum(kinds.map((k) => stopped[k])) * inputs.displacement,
        honestRegistrations: honest, honestRefusedByGroup: refused,
        expectedFalseMatches: falseMatches, peopleFlaggedByGroup: flagged,
        facesStored: stored, peopleExposed: exposed,
        facesLinkedShare: Math.min(1.0, stored / inputs.population),
      }, context);
      o.expectedCost = weighted(o.harms, inputs.weights, context);
      outcomes.push(o);
    }
    return { outcomes, chances };
  }

  // models.policy.cheapest_by_weight_ratio: one row per ratio r (harmX weighs r, harmY 1,
  // the others what `others` says): the ratio, the cheapest policy, each policy's cost.
  function cheapestByWeightRatio(outcomes, harmX, harmY, ratios, others, context) {
    const harms = context.harms.map(([harm]) => harm);
    for (const harm of [harmX, harmY]) {
      if (!harms.includes(harm)) {
        throw new FTN.InputError(`harm must be one of ${harms.join(", ")}; got '${harm}'.`);
      }
    }
    if (harmX === harmY) throw new FTN.InputError("harm_x and harm_y must be two different harms.");
    const base = {};
    for (const harm of harms) base[harm] = 0.0;
    for (const harm of Object.keys(others)) base[harm] = Number(others[harm]);
    return ratios.map((r) => {
      const weights = { ...base, [harmX]: r, [harmY]: 1.0 };
      const costs = {};
      let cheapest = null;
      for (const o of outcomes) {
        costs[o.policy] = sum(Object.keys(o.harms).map((h) => weights[h] * o.harms[h]));
        if (cheapest === null || costs[o.policy] < costs[cheapest]) cheapest = o.policy;
      }
      return { ratio: r, cheapest, costs };
    });
  }

  // charts.policy.verdict_turns: where the cheapest policy changes, [from, to, ratio].
  function verdictTurns(table) {
    const turns = [];
    for (let i = 0; i + 1 < table.length; i++) {
      const before = table[i], after = table[i + 1];
      const old = before.cheapest, now = after.cheapest;
      if (old === now) continue;
      const gapBefore = before.costs[old] - before.costs[now];
      const gapAfter = after.costs[old] - after.costs[now];
      const low = before.ratio, high = after.ratio;
      const at = gapAfter === gapBefore ? Math.sqrt(low * high)
        : low + (high - low) * -gapBefore / (gapAfter - gapBefore);
      turns.push([old, now, at]);
    }
    return turns;
  }

  // charts.policy.format_ratio: "1:2.8", "1:1", "2,200:1".
  function formatRatio(ratio) {
    const { formatSignificant } = FTN.format;
    if (ratio <= 0) {
      throw new FTN.InputError(
        `ratio must be more than 0 (a ratio of two weights); got ${py(ratio, "g")}.`);
    }
    return ratio >= 1 ? `${formatSignificant(ratio)}:1` : `1:${formatSignificant(1 / ratio)}`;
  }

  // charts.policy.describe_verdict: where the verdict turns, in one line.
  function describeVerdict(table, first, second) {
    const span = `${formatRatio(table[0].ratio)} to ${formatRatio(table[table.length - 1].ratio)}`;
    const head = `${first.slice(0, 1).toUpperCase()}${first.slice(1)} against ${second}: `;
    const turns = verdictTurns(table);
    if (turns.length === 0) {
      return `${head}${table[0].cheapest} costs least at every ratio of their weights from ${span}.`;
    }
    const parts = [`${turns[0][0]} costs least up to a ratio of their weights of about ` +
      formatRatio(turns[0][2])];
    for (let i = 0; i + 1 < turns.length; i++) {
      parts.push(`then ${turns[i][1]} up to about ${formatRatio(turns[i + 1][2])}`);
    }
    const end = formatRatio(table[table.length - 1].ratio);
    return `${head}${parts.join(", ")}, then ${turns[turns.length - 1][1]}, up to ${end}.`;
  }

  // charts.policy.describe_policies: the bar chart's one-line summary (A against D).
  function describePolicies(outcomes) {
    const about = texts().formatAbout;
    const first = outcomes[0], last = outcomes[outcomes.length - 1];
    return `Going from ${first.policy} to ${last.policy} stops ` +
      `${about(last.fraudStopped - first.fraudStopped)} more fraudulent attempts a ` +
      `year (but ${about(last.displacedToResale)} of them buy a registered card ` +
      `instead), refuses ${about(last.honestRefused - first.honestRefused)} more ` +
      `honest people, and adds ${about(last.facesStored - first.facesStored)} new ` +
      "face images.";
  }

  // charts.policy.OUTCOMES: how each panel (context.panels, in order) reads an outcome.
  const PANEL_READERS = [
    (o) => o.fraudNotStopped,
    (o) => o.fraudStopped,
    (o) => o.honestRefused,
    (o) => sum(Object.values(o.peopleFlaggedByGroup)),
    (o) => o.facesStored,
    (o) => o.peopleExposed,
  ];

  // charts.policy.policy_rows: one row per (outcome, policy), the chart's parameter outcomes.
  function policyRows(outcomes, years, context) {
    const rows = [];
    context.panels.forEach((label, order) => {
      for (const o of outcomes) {
        rows.push({ outcome: label.replace("{years}", String(years)), order,
                    policy: o.policy, label: o.label, people: PANEL_READERS[order](o) });
      }
    });
    return rows;
  }

  // The parameters verdict and mine of charts.policy.verdict_panel, for two different harms
  // (PolicySimulator.compute), with the table cheapest_by_weight_ratio gives.
  function verdictParams(inputs, outcomes, first, second, context) {
    const others = {};
    for (const [harm] of context.harms) {
      if (harm !== first && harm !== second) others[harm] = inputs.weights[harm];
    }
    const ratios = context.ratios;
    const table = cheapestByWeightRatio(outcomes, first, second, ratios, others, context);
    const weightX = inputs.weights[first], weightY = inputs.weights[second];
    const both = weightX > 0 && weightY > 0;
    const ratio = both ? weightX / weightY : 1.0;
    return {
      table,
      verdict: table.map((row) => row.cheapest),  // charts.policy.cheapest_letters
      mine: { ratio, shown: both && ratios[0] <= ratio && ratio <= ratios[ratios.length - 1] },
    };
  }

  // What the weight-ratio chart shows, by twin (its context). With two equal harms chosen,
  // the Python calculator leaves the chart's verdict and mine as they were; and it redraws
  // as soon as a harm menu changes, with the other inputs as they were. So the twin keeps
  // the values of its last compute (at first, the calculator's start values) and the last
  // verdict and mine it drew; where a compute changes the first harm together with other
  // inputs (a test setting everything at once; a page changes one thing at a time), it first
  // draws what the widget draws when that menu changes: the new first harm, the second harm
  // and the other inputs as they were. (A change of the second harm that leaves two
  // different harms is redrawn by the compute itself.)
  const shown = new WeakMap();

  function chartState(context) {
    if (!shown.has(context)) {
      const start = context.start;
      const inputs = inputsFrom(start, context);
      const { outcomes } = comparePolicies(inputs, context);
      const { verdict, mine } = verdictParams(inputs, outcomes, start.first_harm,
                                              start.second_harm, context);
      shown.set(context, { values: start, verdict, mine });
    }
    return shown.get(context);
  }

  // The widget's redraw when the first harm's menu changes (PolicySimulator.compute with the
  // inputs as they were), as far as the weight-ratio chart's parameters go.
  function firstHarmChanged(state, first, context) {
    const before = state.values;
    if (first === before.first_harm || first === before.second_harm) return;
    const inputs = inputsFrom(before, context);
    const { outcomes } = comparePolicies(inputs, context);
    const { verdict, mine } = verdictParams(inputs, outcomes, first, before.second_harm, context);
    Object.assign(state, { verdict, mine });
  }

  function harmLabel(harm, context) {
    return context.harms.find(([name]) => name === harm)[1];
  }

  // calculators.policy.PolicySimulator.compute.
  function compute(values, context) {
    const t = texts();
    const last = chartState(context);  // the harm menus are set first, then the inputs
    firstHarmChanged(last, values.first_harm, context);
    last.values = { ...values };
    const inputs = inputsFrom(values, context);
    const { outcomes, chances } = comparePolicies(inputs, context);
    const options = {  // PolicySimulator._show_gallery_size
      d_reuses_id_photos: [[context.gallery_id_photos, true],
                           [t.newGallery(inputs.gallerySize), false]],
    };
    const first = values.first_harm, second = values.second_harm;
    let summary = escape(describePolicies(outcomes));
    const params = { outcomes: policyRows(outcomes, inputs.years, context) };
    let compareMessage = "";
    if (first === second) {
      compareMessage = "<span role='alert' style='color:#B00020'>&#9888; First harm and Second " +
        "harm must be two different harms (any two of the five); you chose " +
        `&ldquo;${escape(harmLabel(first, context))}&rdquo; for both. The chart keeps the ` +
        "last two you chose.</span>";
      summary += "<br>Choose two different harms to see where the verdict turns.";
      Object.assign(params, { verdict: last.verdict, mine: last.mine });
    } else {
      const { table, verdict, mine } = verdictParams(inputs, outcomes, first, second, context);
      summary += "<br>" + escape(describeVerdict(
        table, t.lowerFirst(harmLabel(first, context)), t.lowerFirst(harmLabel(second, context))));
      Object.assign(params, { verdict, mine });
      Object.assign(last, { verdict, mine });
    }
    const about = t.formatAbout;
    const readout =
      `<p>${t.verdict(inputs, outcomes, context)}</p>` +
      `<p>Honest people refused under C: <b>${about(outcomes[2].honestRefused)}</b> ` +
      `a year; under D: <b>${about(outcomes[3].honestRefused)}</b>.</p>` +
      "<p style='font-size:90%'>Structural assumptions in force: " +
      `${escape(t.structure(inputs))}.</p>`;
    return {
      params,
      answer: outcomes[2].honestRefused,
      options,
      html: {
        readout,
        summary,
        compare_message: compareMessage,
        table: t.tables(inputs, outcomes, chances, context),
        _links: t.links(context),
        _weights_note: t.weightsNote(context),
      },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.policy_simulator = { compute };
})(globalThis.FTN = globalThis.FTN || {});
