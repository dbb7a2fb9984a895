// The twin of facenumbers.calculators.base_rates.AlarmCalculator.compute: how many alarms
// point at the right person. Every number is a formula of facenumbers.models.base_rates,
// computed here in the same order of operations as in Python.
(function (FTN) {
  "use strict";
  const { py, formatPercent, formatCount, roundHalfEven } = FTN.format;

  // models.base_rates.bayes_posterior: P(true | evidence); NaN when the evidence never shows.
  function bayesPosterior(prior, likelihoodIfTrue, likelihoodIfFalse) {
    const supporting = likelihoodIfTrue * prior;
    const evidence = supporting + likelihoodIfFalse * (1.0 - prior);
    if (evidence === 0) return NaN;
    return supporting / evidence;
  }

  // models.base_rates.confusion_counts, with the ConfusionCounts properties it is read by
  // (population, alarms and on_watchlist are sums, in Python's order).
  function confusionCounts(population, prevalence, hitRate, falseAlertRate) {
    const onWatchlist = population * prevalence;
    const notOnWatchlist = population - onWatchlist;
    const counts = {
      true_alarms: onWatchlist * hitRate,
      missed: onWatchlist * (1.0 - hitRate),
      false_alarms: notOnWatchlist * falseAlertRate,
      correctly_ignored: notOnWatchlist * (1.0 - falseAlertRate),
    };
    counts.population = counts.true_alarms + counts.missed + counts.false_alarms +
      counts.correctly_ignored;
    counts.alarms = counts.true_alarms + counts.false_alarms;
    counts.on_watchlist = counts.true_alarms + counts.missed;
    return counts;
  }

  // models.base_rates.innocent_flagged_per_true_hit: people not on the list flagged per hit.
  function innocentFlaggedPerTrueHit(prevalence, hitRate, falseAlertRate) {
    const counts = confusionCounts(1, prevalence, hitRate, falseAlertRate);
    if (counts.true_alarms === 0) return counts.false_alarms > 0 ? Infinity : NaN;
    return counts.false_alarms / counts.true_alarms;
  }

  // models.base_rates.icons_for_ppv: PPV in whole icons (Python's round); NaN gives 0.
  function iconsForPpv(ppv, icons) {
    if (Number.isNaN(ppv)) return 0;
    return Math.trunc(roundHalfEven(ppv * icons));
  }

  // charts.base_rates.describe_alarm_icons: the chart's one-line summary.
  function describeAlarmIcons(trueIcons, icons) {
    return `Of every ${icons} alarms, ${trueIcons} point at someone on the watchlist ` +
      `and ${icons - trueIcons} at someone who is not.`;
  }

  // AlarmCalculator.compute
  function compute(values, context) {
    const icons = context.icons;
    const crowd = Math.trunc(values.crowd_size);
    const prevalence = values.prevalence;
    const hitRate = values.hit_rate;
    const falseAlertRate = values.false_alert_rate;
    const counts = confusionCounts(crowd, prevalence, hitRate, falseAlertRate);
    const ppv = bayesPosterior(prevalence, hitRate, falseAlertRate);
    const perHit = innocentFlaggedPerTrueHit(prevalence, hitRate, falseAlertRate);
    const trueIcons = iconsForPpv(ppv, icons);
    const summary = !Number.isNaN(ppv) ? describeAlarmIcons(trueIcons, icons)
      : "No one is flagged at these settings, so there are no alarms to draw.";
    const verdict = Number.isNaN(ppv)
      ? "<p>No one is flagged, so the share of alarms that are right is undefined.</p>"
      : `<p style='font-size:120%'><b>${formatPercent(ppv)}</b> of alarms point at ` +
        "someone on the watchlist (positive predictive value).</p>" +
        `<p>For every wanted person stopped, <b>${formatCount(perHit)}</b> people ` +
        "who are not on the watchlist are stopped too.</p>";
    const readout = verdict +
      `<p>Out of ${py(crowd, ",")} people, ${formatCount(counts.on_watchlist)} are on the ` +
      `watchlist and ${formatCount(counts.true_alarms)} of them are flagged. Of the other ` +
      `${formatCount(counts.population - counts.on_watchlist)}, ` +
      `${formatCount(counts.false_alarms)} are flagged too: ` +
      `${formatCount(counts.alarms)} alarms in all.</p>`;
    return {
      answer: ppv,
      params: { true_icons: trueIcons },
      html: { summary, readout },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.alarm = { compute };
})(globalThis.FTN = globalThis.FTN || {});
