// Reading what a person types into a calculator's boxes, by the widget's rules
// (facenumbers.calculators.controls: parse_number, format_value, read_prediction,
// compare_prediction), with the same messages. Used by twin.js, which loads after it.
(function (FTN) {
  "use strict";
  const F = FTN.format;

  // -- reading what a person types (facenumbers.calculators.controls.parse_number) ---------
  class UnreadableNumber extends Error {}
  const GROUPED = /^[+-]?[1-9]\d{0,2}(?:([,_ ])\d{3})(?:\1\d{3})*(?:\.\d*)?(?:e[+-]?\d+)?$/;
  const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/;
  const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:e[+-]?\d+)?$/;
  const ONE_IN = /^1\s*in\s*(\S.*)$/;
  const WORDS = { inf: Infinity, infinity: Infinity, "+inf": Infinity, "-inf": -Infinity, nan: NaN };

  function readPlain(text) {
    if (text in WORDS) return WORDS[text];
    let number;
    if (PLAIN.test(text)) number = Number(text);
    else if (GROUPED.test(text)) number = Number(text.replace(/[,_ ]/g, ""));
    else if (DECIMAL_COMMA.test(text) && !/^[+-]?[1-9]\d{0,2},\d{3}(?:e|$)/.test(text)) {
      number = Number(text.replace(",", "."));
    } else if (text.includes(",") && !text.includes(".") && /^[+-]?\d+(?:,\d+)+$/.test(text)) {
      throw new UnreadableNumber("its commas are neither thousands separators (1,000,000) nor " +
                                 "one decimal comma (0,5)");
    } else throw new UnreadableNumber("it is not a number");
    return number + 0;
  }

  function parseNumber(typed, kind) {
    const text = String(typed).trim().split(/\s+/).join(" ").toLowerCase();
    if (!text) throw new UnreadableNumber("it is empty");
    if (kind === "rate" && text.endsWith("%")) return readPlain(text.slice(0, -1).trim()) / 100 + 0;
    const match = ONE_IN.exec(text);
    if (kind === "rate" && match) {
      const n = readPlain(match[1].trim());
      if (!(n >= 1)) {
        throw new UnreadableNumber(`after "1 in" give a number of at least 1 (${text} would be ` +
                                   "more than 100%)");
      }
      return 1 / n;
    }
    return readPlain(text);
  }

  // format_value: how a value appears in the text box.
  const formatValue = (value, kind) => kind === "count" ? F.py(Math.trunc(value), ",") : F.py(value, ".6g");
  const cut = (text, limit = 60) => text.length > limit ? text.slice(0, limit) + "..." : text;
  const EXACT_COUNT_LIMIT = 2 ** 53;

  // -- the prediction (read_prediction, compare_prediction) -------------------------------
  const shown = (value, kind) => kind === "rate" ? F.formatPercent(value)
    : kind === "count" ? F.py(value, ",.0f") : F.py(value, ".2f");

  function readPrediction(typed, spec) {
    let number;
    try { number = parseNumber(typed, spec.kind); } catch (problem) {
      const example = spec.kind === "rate" ? "15% or 0.15" : "1,000 or 1e6";
      throw new Error(`prediction must be a number such as ${example}; got '${cut(typed, 40)}'.`);
    }
    if (!Number.isFinite(number) || number < spec.minimum || number > spec.maximum) {
      if (spec.kind === "rate") {
        throw new Error("prediction must be from 0% to 100% (write 15% or 0.15 for fifteen " +
                        `percent); got '${cut(typed, 40)}'.`);
      }
      throw new Error(`prediction must be from ${shown(spec.minimum, spec.kind)} to ` +
                      `${shown(spec.maximum, spec.kind)}; got '${cut(typed, 40)}'.`);
    }
    return number;
  }

  function times(ratio) {
    const rounded = Number(F.py(ratio, ".2g"));
    return rounded >= 10 ? F.py(rounded, ",.0f") : F.py(rounded, "g");
  }

  function comparePrediction(predicted, actual, kind) {
    if (actual === null || Number.isNaN(actual)) {
      return `You predicted ${shown(predicted, kind)}; here the calculator shows no value.`;
    }
    const said = `You predicted ${shown(predicted, kind)}; the calculator shows ${shown(actual, kind)}`;
    if (kind === "number") {
      const gap = actual - predicted;
      if (Math.abs(gap) < 0.05) return `${said}: close to what you thought.`;
      return `${said}: ${F.py(Math.abs(gap), ".2f")} ${gap > 0 ? "higher" : "lower"} than you thought.`;
    }
    if (kind === "rate") {
      const gap = (actual - predicted) * 100;
      if (Math.abs(gap) < 0.5) return `${said}: close to what you thought.`;
      return `${said}: ${F.py(Math.abs(gap), ".1f")} percentage points ${gap > 0 ? "higher" : "lower"} than you thought.`;
    }
    if (predicted > 0 && actual > 0) {
      const ratio = actual / predicted;
      if (ratio >= 0.8 && ratio <= 1.25) return `${said}: close to what you thought.`;
      if (ratio > 1) return `${said}: about ${times(ratio)} times as many as you thought.`;
      return `${said}: about ${times(1 / ratio)} times fewer than you thought.`;
    }
    return `${said}.`;
  }

  FTN.reading = { UnreadableNumber, parseNumber, formatValue, cut, readPrediction,
                  comparePrediction, EXACT_COUNT_LIMIT };
})(globalThis.FTN = globalThis.FTN || {});
