// The twin of facenumbers.calculators.real_name.HowUniqueCalculator.compute ("How unique are
// you?"). The synthetic population's groups were counted in Python (facenumbers.twins.real_name):
// the context holds, for each population size of a logarithmic grid and each set of columns,
// how many groups there are of each size below the largest k. From those this model works out
// every share exactly; the closed form it computes itself.
(function (FTN) {
  "use strict";
  const { py, formatPercent, formatCount } = FTN.format;

  // The label of the bucket of unique people (facenumbers.charts.real_name.UNIQUE).
  const UNIQUE = "1 (unique)";

  // The population on the context's grid nearest to `population` on a log scale: the grid
  // of facenumbers.twins.real_name.population_grid, `perDecade` sizes per power of ten from
  // grid[0] (facenumbers.twins.real_name.LOG_GRIDS; the page normally snaps to it first).
  function onGrid(population, grid, perDecade) {
    const step = Math.round((Math.log10(population) - Math.log10(grid[0])) * perDecade);
    return grid[Math.min(Math.max(step, 0), grid.length - 1)];
  }

  // facenumbers.twins.real_name.decode_histogram: [[group size, groups of that size], ...].
  function readHistogram(text, alphabet) {
    const base = alphabet.length / 2;
    const numbers = [];
    let value = 0;
    let scale = 1;
    for (const char of text) {
      const digit = alphabet.indexOf(char);
      if (digit >= base) {
        value += (digit - base) * scale;
        scale *= base;
      } else {
        numbers.push(value + digit * scale);
        value = 0;
        scale = 1;
      }
    }
    const pairs = [];
    let size = 1;
    for (let at = 0; at < numbers.length;) {
      if (numbers[at] === 0) {
        size += numbers[at + 1] + 1;
        at += 2;
        continue;
      }
      pairs.push([size, numbers[at]]);
      size += 1;
      at += 1;
    }
    return pairs;
  }

  // facenumbers.models.uniqueness._columns: the columns the attributes read, in order; a
  // district lies in one province, so the province is dropped beside it.
  function columnsOf(attributes, context) {
    const columns = [];
    for (const [name, , read] of context.attributes) {
      if (!attributes.includes(name)) continue;
      for (const column of read) if (!columns.includes(column)) columns.push(column);
    }
    if (columns.includes("district") && columns.includes("province")) {
      columns.splice(columns.indexOf("province"), 1);
    }
    return columns;
  }

  // The group sizes of the first `population` people, read from the context: the sizes below
  // context.below with their numbers of groups, the people in them, and the smallest group.
  function groupsOf(columns, population, context) {
    const row = context.groups[columns.join(" ")];
    const entry = row[context.populations.indexOf(population)];
    if (typeof entry === "number") return { pairs: [], smallest: entry };  // all groups large
    const pairs = readHistogram(entry, context.alphabet);
    return { pairs, smallest: pairs[0][0] };
  }

  // People in groups of fewer than `size` people (the sum in _share_in_groups_below).
  function peopleBelow(pairs, size) {
    let people = 0;
    for (const [s, groups] of pairs) if (s < size) people += s * groups;
    return people;
  }

  // facenumbers.models.uniqueness.expected_unique_share: (1 - 1/M)^(N - 1).
  function expectedUniqueShare(population, cells) {
    if (cells === 1) return population === 1 ? 1.0 : 0.0;
    return Math.exp((population - 1) * Math.log1p(-1.0 / cells));
  }

  // facenumbers.models.uniqueness._distribution, from the group sizes: the chart's rows.
  function distribution(groups, population, buckets, below) {
    return buckets.map(([label, low, high]) => {
      // Groups of `below` people or more are not listed one by one: they are the rest.
      const top = high === null ? Infinity : high;
      const people = top >= below
        ? population - peopleBelow(groups.pairs, low)
        : peopleBelow(groups.pairs, top + 1) - peopleBelow(groups.pairs, low);
      return { group_size: label, people, share: population ? people / population : 0.0 };
    });
  }

  // facenumbers.charts.real_name.describe_group_sizes
  function describeGroupSizes(rows, population) {
    const found = rows.find((r) => r.group_size === UNIQUE);
    const unique = found ? found.share : 0.0;
    let crowd = 0;
    for (const r of rows) {
      if (r.group_size.startsWith("10 ") || r.group_size.startsWith("100")) crowd += r.share;
    }
    return `Of ${py(population, ",")} people, ${formatPercent(unique)} are unique on these ` +
      `attributes and ${formatPercent(crowd)} are in groups of 10 or more.`;
  }

  // facenumbers.calculators.real_name._closed_form
  function closedForm(share) {
    if (share < 1e-8) return "practically 0% (under one in a hundred million)";
    if (share < 1e-4) return `about 1 person in ${formatCount(1 / share)}`;
    return formatPercent(share);
  }

  // HowUniqueCalculator.compute
  function compute(values, context) {
    const population = onGrid(Math.trunc(values.population), context.populations,
      context.per_decade);
    const k = Math.trunc(values.k);
    if (k > context.below) throw new Error(`k above ${context.below} needs more group sizes.`);
    const attributes = context.attributes.map(([name]) => name).filter((name) => values[name]);
    const columns = columnsOf(attributes, context);
    const groups = groupsOf(columns, population, context);
    let cells = 1;
    for (const column of columns) cells *= context.column_sizes[column];
    const uniqueShare = peopleBelow(groups.pairs, 2) / population;
    const shareBelowK = peopleBelow(groups.pairs, k) / population;
    const rows = distribution(groups, population, context.buckets, context.below);
    const labels = Object.fromEntries(context.attributes.map(([name, label]) => [name, label]));
    const names = attributes.map((a) => labels[a].toLowerCase()).join(", ") || "nothing";
    const someone = groups.smallest === 1 ? " (someone is unique)" : "";
    return {
      answer: uniqueShare,
      params: { groups: rows },
      html: {
        summary: describeGroupSizes(rows, population),
        readout:
          `<p>Knowing <b>${names}</b> about ${py(population, ",")} people:</p>` +
          `<p style='font-size:120%'><b>${formatPercent(uniqueShare)}</b> are unique ` +
          "in the synthetic population.</p>" +
          `<p>Closed form, if all ${py(cells, ",")} possible combinations were equally likely: ` +
          `(1 - 1/${py(cells, ",")})<sup>${py(population - 1, ",")}</sup> = ` +
          `<b>${closedForm(expectedUniqueShare(population, cells))}</b>.</p>` +
          `<p>The table's k is <b>${py(groups.smallest, ",")}</b>${someone}; ` +
          `${formatPercent(shareBelowK)} of people are in groups smaller than ` +
          `k = ${k}.</p>` +
          "<p>Real populations are uneven: some combinations are crowded, many are rare, " +
          "so the simulation and the closed form differ.</p>",
      },
    };
  }

  FTN.models = FTN.models || {};
  FTN.models.how_unique = { compute };
})(globalThis.FTN = globalThis.FTN || {});
