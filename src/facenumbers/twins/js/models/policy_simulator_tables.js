// The words and tables of the Registration policy simulator's twin (Lesson 06): the readout's
// verdict and structural assumptions, the two tables under the chart, and the two fixed notes
// of its sections, as facenumbers.calculators.policy and facenumbers.charts.policy write them.
// policy_simulator.js computes the numbers and calls these (FTN.policy_simulator_tables).
(function (FTN) {
  "use strict";
  const { escape, formatCount, formatPercent, formatSignificant } = FTN.format;

  // calculators.policy._lower_first: "A forged ID" -> "a forged ID" ("ID" stays).
  function lowerFirst(text) {
    return text.slice(0, 1).toLowerCase() + text.slice(1);
  }

  // Python's str.capitalize: the first letter upper case, every other lower case.
  function capitalize(text) {
    return text.slice(0, 1).toUpperCase() + text.slice(1).toLowerCase();
  }

  // charts.policy.format_about: "about" and two significant figures from 10,000 up.
  function formatAbout(count) {
    count = count + 0;
    if (!Number.isFinite(count) || Math.abs(count) < 10000) return formatCount(count);
    return `about ${formatSignificant(count, 2)}`;
  }

  // calculators.policy._new_gallery: the second option of the menu of D's gallery.
  function newGallery(size) {
    return `a new gallery of ${formatSignificant(size)} faces`;
  }

  // calculators.policy._structure: the structural assumptions in force, for the readout.
  function structure(inputs) {
    const share = inputs.lookalikeShare;
    const lookalikes = share > 0
      ? `${formatSignificant(share * 100)}% of impostors look like the card's owner ` +
        `(falsely matched ${formatSignificant(inputs.lookalikeMultiplier)}` +
        " times as often as a stranger)"
      : "no impostor looks like the card's owner";
    return [
      inputs.bKeepsPhotos ? "B keeps its photos" : "B keeps no photo",
      inputs.storeFacesInC ? "C keeps its faces" : "C keeps no face",
      inputs.dReusesIdPhotos ? "D searches the ID photos the state already holds"
        : `D builds ${newGallery(inputs.gallerySize)}`,
      lookalikes,
    ].join("; ");
  }

  function policyName(letter, context) {
    return context.policies.find(([p]) => p === letter)[1];
  }

  function anyWeight(inputs, context) {
    return context.harms.some(([harm]) => inputs.weights[harm] !== 0);
  }

  // calculators.policy._verdict: none without weights; otherwise the cheapest (or a tie).
  function verdict(inputs, outcomes, context) {
    if (!anyWeight(inputs, context)) return context.no_weights;
    let lowest = outcomes[0].expectedCost;
    for (const o of outcomes) if (o.expectedCost < lowest) lowest = o.expectedCost;
    const tied = outcomes.filter((o) =>
      o.expectedCost - lowest <= 1e-9 * Math.max(1.0, Math.abs(lowest))).map((o) => o.policy);
    const points = `${formatAbout(lowest)} harm points`;
    const bold = (p) => `<b>${escape(policyName(p, context))}</b>`;
    let text;
    if (tied.length === 1) {
      text = `With your weights, the lowest expected cost is ${bold(tied[0])} (${points}).`;
    } else {
      const names = tied.slice(0, -1).map(bold).join(", ");
      text = `With your weights, ${names} and ${bold(tied[tied.length - 1])} tie for ` +
        `the lowest expected cost (${points}).`;
    }
    return `${text} That verdict depends on your weights, which are value judgments: change ` +
      "one and see whether it holds.";
  }

  // calculators.policy._td and _table.
  function td(text) {
    return `<td style='text-align:right;padding:2px 8px'>${escape(text)}</td>`;
  }

  function table(header, rows) {
    const head = header.map((h) => `<th style='padding:2px 8px'>${escape(h)}</th>`).join("");
    const body = rows.map(([name, cells]) => "<tr><th style='text-align:left;padding:2px 8px;" +
      `font-weight:normal'>${escape(name)}</th>${cells.join("")}</tr>`).join("");
    return `<table style='border-collapse:collapse'><tr>${head}</tr>${body}</table>`;
  }

  // calculators.policy._reasons: why each check stops a kind at its default chance.
  function reasons(kind, context) {
    const reason = (check) => context.stop_reasons.find(([c, k]) => c === check && k === kind)[2];
    if (kind === "resale") return escape(reason("any"));
    return context.checks.map(([check, name]) => {
      const why = check === "face_check" && kind === "impersonation"
        ? context.face_impersonation : reason(check);
      return `<i>${escape(name)}:</i> ${escape(why)}`;
    }).join("<br>");
  }

  // calculators.policy.PolicySimulator._tables: the table of counts and of stop chances.
  function tables(inputs, outcomes, chances, context) {
    const letters = outcomes.map((o) => o.policy);
    const harm = (name) => context.harms.find(([h]) => h === name)[1];
    const counts = (read) => outcomes.map((o) => td(formatSignificant(read(o))));
    const rows = [
      ["Fraudulent attempts stopped at the counter", counts((o) => o.fraudStopped)],
      ["... of whom buy a registered card instead", counts((o) => o.displacedToResale)],
      [harm("fraud_not_stopped"), counts((o) => o.fraudNotStopped)],
      [harm("honest_refused"), counts((o) => o.honestRefused)],
      ...inputs.groups.map(({ name }) =>
        [`... of whom in ${name}`, counts((o) => o.honestRefusedByGroup[name])]),
      ["Wrong candidates the 1:N search returns (expected false matches; one search can " +
       "return two)", counts((o) => o.expectedFalseMatches)],
      [harm("false_duplicate_flags"), counts((o) => o.falseDuplicateFlags)],
      [harm("faces_linked"), counts((o) => o.facesStored)],
      ["... as a share of the population",
       outcomes.map((o) => td(formatPercent(o.facesLinkedShare)))],
      [`${harm("people_exposed")} (here, ${inputs.years} years)`,
       counts((o) => o.peopleExposed)],
    ];
    if (anyWeight(inputs, context)) {
      rows.push(["Expected cost with your weights (harm points)",
                 counts((o) => o.expectedCost)]);
    }
    const chanceRows = context.fraud_kinds.map(([kind, label]) => [label, [
      ...letters.map((p) => td(formatPercent(chances[p][kind]))),
      `<td style='padding:2px 8px;font-size:90%'>${reasons(kind, context)}</td>`]]);
    return (
      "<h4 style='margin:6px 0'>One year, policy by policy (expected counts, two " +
      "significant figures)</h4>" +
      table(["", ...letters], rows) +
      "<p style='font-size:90%'>The inputs are assumptions: the counts are rounded to two " +
      "significant figures, because more would claim a precision they do not have.</p>" +
      "<h4 style='margin:6px 0'>Chance each policy stops each kind of fraud</h4>" +
      table(["", ...letters, "Why each check stops it (the reasons for the default " +
             "chances)"], chanceRows) +
      "<p style='font-size:90%'>Who bears each harm: " +
      context.harms.map(([, label, who]) =>
        `<i>${escape(lowerFirst(label))}</i>: ${escape(who)}`).join("; ") + ".</p>"
    );
  }

  // calculators.policy._links: the links that existed before any policy, with their sources.
  function links(context) {
    const items = context.links.map((row) =>
      `<li><b>${escape(capitalize(row.item))} &rarr; ${escape(row.linked_to)}</b>,` +
      ` since ${escape(row.since)} <span style='font-size:90%'>(source: ` +
      `${escape(row.source)})</span></li>`).join("");
    return (
      "<p style='margin:2px 0'>Before any of these policies, two links already existed:</p>" +
      `<ul style='margin:2px 0'>${items}</ul>` +
      "<p style='margin:2px 0'>So the counts are of the face images each policy <b>adds</b>. " +
      "The choices below decide what that is; each is an assumption:</p>" +
      "<ul style='margin:2px 0;font-size:90%'>" +
      ["b_keeps_photos", "store_faces_in_c", "d_reuses_id_photos"]
        .map((name) => `<li>${escape(context.assumptions[name])}</li>`).join("") +
      "</ul>"
    );
  }

  // The note of the section "Your weights" (PolicySimulator._weights_note).
  function weightsNote(context) {
    return `<p style='margin:2px 0'>${escape(context.assumptions.weights)} A weight is how many ` +
      "harm points one person (or one number) of that harm counts; 0 leaves it out.</p>";
  }

  FTN.policy_simulator_tables = {
    lowerFirst, formatAbout, newGallery, structure, verdict, tables, links, weightsNote,
  };
})(globalThis.FTN = globalThis.FTN || {});
