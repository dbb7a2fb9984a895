// Numbers as words, exactly as the Python package writes them (facenumbers.charts.text and
// Python's format specifications), so that a calculator's twin on the website says the same
// thing as the widget in the notebook. Python rounds half to even on the exact binary value;
// JavaScript's toFixed and toExponential round half away from zero, so ties are corrected.
(function (FTN) {
  "use strict";

  // Digits of |x| rounded to `decimals` after the point, as Python's "%.{decimals}f" does.
  function fixed(x, decimals) {
    const a = Math.abs(x);
    let text = a.toFixed(decimals);
    const longer = a.toFixed(Math.min(100, decimals + 40));
    const cut = longer.indexOf(".") + (decimals === 0 ? 0 : decimals + 1);
    const kept = decimals === 0 ? longer.slice(0, longer.indexOf(".")) : longer.slice(0, cut);
    const tail = longer.slice(decimals === 0 ? longer.indexOf(".") + 1 : cut);
    if (/^50*$/.test(tail)) {
      const last = Number(kept.replace(".", "").slice(-1));
      if (last % 2 === 0) text = kept;  // a tie, and the kept digit is even: round down
    }
    return (x < 0 || Object.is(x, -0) ? "-" : "") + text;
  }

  // [mantissa digits (p of them), decimal exponent] of |x| rounded to p significant figures.
  function significant(x, p) {
    const a = Math.abs(x);
    let [m, e] = a.toExponential(p - 1).split("e");
    const [lm, le] = a.toExponential(Math.min(100, p - 1 + 40)).split("e");
    const digits = lm.replace(".", "");
    if (/^50*$/.test(digits.slice(p)) && Number(digits[p - 1]) % 2 === 0) {
      m = digits[0] + (p > 1 ? "." + digits.slice(1, p) : "");
      e = le;
    }
    return [m.replace(".", ""), Number(e)];
  }

  function group(text) {
    const [whole, part] = text.split(".");
    const sign = whole.startsWith("-") ? "-" : "";
    const digits = sign ? whole.slice(1) : whole;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + grouped + (part !== undefined ? "." + part : "");
  }

  function special(x) {
    if (Number.isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    return null;
  }

  // Python's format(x, spec) for the specifications the course uses:
  // "", ",", ".Nf", ",.Nf", ".Ng", ",.Ng", "g", ".N%"; x a number (an int prints as Python's int).
  function py(x, spec) {
    const match = /^(,)?(?:\.(\d+))?([fg%d]?)$/.exec(spec);
    if (!match) throw new Error(`format spec not supported: ${spec}`);
    const [, comma, precisionText, type] = match;
    const odd = special(x);
    if (odd !== null) return odd;
    let text;
    if (type === "f" || type === "%") {
      const value = type === "%" ? x * 100 : x;
      text = fixed(value, precisionText === undefined ? 6 : Number(precisionText));
      if (comma) text = group(text);
      return type === "%" ? text + "%" : text;
    }
    if (type === "g" || (type === "" && precisionText !== undefined)) {
      text = general(x, precisionText === undefined ? 6 : Math.max(1, Number(precisionText)));
      return comma ? group(text) : text;
    }
    // "" or "," or "d": an integer as Python prints it (a float without a type prints as repr).
    text = Number.isInteger(x) ? String(x < 0 ? "-" + Math.abs(x).toFixed(0) : x.toFixed(0))
      : repr(x);
    return comma ? group(text) : text;
  }

  function general(x, p) {
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    const [digits, exponent] = significant(x, p);
    const sign = x < 0 ? "-" : "";
    if (exponent >= -4 && exponent < p) {
      let text;
      if (exponent >= 0) {
        const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
        const part = digits.slice(exponent + 1);
        text = part ? whole + "." + part : whole;
      } else {
        text = "0." + "0".repeat(-exponent - 1) + digits;
      }
      if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
      return sign + text;
    }
    let mantissa = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
    if (mantissa.includes(".")) mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${e < 10 ? "0" + e : e}`;
  }

  // Python's repr of a float: the shortest text that reads back as the same number.
  function repr(x) {
    const odd = special(x);
    if (odd !== null) return odd;
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    const [m, e] = Math.abs(x).toExponential().split("e");
    const digits = m.replace(".", "");
    const exponent = Number(e);
    const sign = x < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      let text;
      if (exponent >= 0) {
        const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
        text = whole + "." + (digits.slice(exponent + 1) || "0");
      } else {
        text = "0." + "0".repeat(-exponent - 1) + digits;
      }
      return sign + text;
    }
    const size = Math.abs(exponent);
    return `${sign}${m}e${exponent < 0 ? "-" : "+"}${size < 10 ? "0" + size : size}`;
  }

  // -- facenumbers.charts.text ------------------------------------------------------------
  function formatPercent(share) {
    share = share + 0;
    if (Number.isNaN(share)) return "undefined";
    if (!Number.isFinite(share)) throw new Error(`share must be finite to print as a percentage; got ${share}.`);
    const percent = share * 100;
    if (percent === 0 || percent === 100) return py(percent, ".0f") + "%";
    if (percent >= 1) return py(percent, ".1f") + "%";
    return py(percent, ".2g") + "%";
  }

  function formatCount(count) {
    count = count + 0;
    if (Number.isNaN(count)) return "undefined";
    if (!Number.isFinite(count)) return "infinitely many";
    if (Math.abs(count) >= 100) return py(count, ",.0f");
    if (Math.abs(count) >= 1) return py(count, ",.1f").replace(/\.0$/, "");
    return py(count, ".2g");
  }

  function plainFigures(value, figures) {
    const decimals = Math.max(0, figures - 1 - Math.floor(Math.log10(Math.abs(value))));
    const text = py(value, `,.${decimals}f`);
    return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  }

  function formatSignificant(value, figures = 2) {
    value = value + 0;
    if (!Number.isFinite(value) || value === 0) return formatCount(value);
    const rounded = Number(py(value, `.${figures}g`));
    for (const [size, word] of [[1e9, " billion"], [1e6, " million"]]) {
      if (Math.abs(rounded) >= size) return plainFigures(rounded / size, figures) + word;
    }
    return plainFigures(rounded, figures);
  }

  function formatSmallRate(rate) {
    if (Number.isNaN(rate)) return "undefined";
    if (rate >= 0.01 || rate <= 0) return formatPercent(rate);
    if (rate < 1e-4) return `about ${py(rate * 1e6, ".2g")} in a million`;
    return `about ${py(rate * 1e4, ".2g")} in 10,000`;
  }

  // Python's html.escape(text) (quote=True).
  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  // Python's round(x): half to even, to a whole number.
  function roundHalfEven(x) {
    const floor = Math.floor(x);
    const diff = x - floor;
    if (diff > 0.5) return floor + 1;
    if (diff < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  // A message a calculator shows for values it cannot compute (Python's ValueError).
  class InputError extends Error {}

  FTN.InputError = InputError;
  FTN.format = {
    py, repr, fixed, general, group, escape, roundHalfEven,
    formatPercent, formatCount, formatSignificant, formatSmallRate, plainFigures,
  };
})(globalThis.FTN = globalThis.FTN || {});
