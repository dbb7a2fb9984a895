// A calculator's settings as one line of text, to copy into a report and paste back: the
// grammar of facenumbers.calculators.settings, for the twins. What a line holds comes from the
// twin's spec (spec.settings, made by settings_spec); the words and the numbers are the same
// as Python's, which tests/test_settings_line.py checks in Node.js. Loaded by twin.js.
(function (FTN) {
  "use strict";
  const F = FTN.format;
  const { UnreadableNumber, parseNumber, EXACT_COUNT_LIMIT } = FTN.reading;
  const LARGEST_ONE_IN = 1e15;
  const YES = ["yes", "true", "on"];
  const NO = ["no", "false", "off"];

  // A bad line: the message says what is wrong, and nothing was changed.
  class SettingsError extends Error {}

  const cut = (text, limit = 60) => text.length <= limit ? text : text.slice(0, limit) + "...";
  const spaces = (text) => String(text).split(/\s+/).filter(Boolean).join(" ");

  // -- writing a value (format_setting) ----------------------------------------------------
  function shortest(x) {  // digits and exponent of the shortest decimal that reads back as x > 0
    const [mantissa, exponent] = x.toExponential().split("e");
    return [mantissa.replace(".", ""), Number(exponent)];
  }

  function decimal(digits, exponent, group) {
    if (exponent >= -6 && exponent < 16) {
      let whole;
      let part;
      if (exponent >= 0) {
        whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
        part = digits.slice(exponent + 1);
      } else {
        whole = "0";
        part = "0".repeat(-exponent - 1) + digits;
      }
      if (group) whole = F.group(whole);
      return whole + (part ? "." + part : "");
    }
    return digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + `e${exponent}`;
  }

  function formatSetting(value, kind) {
    if (kind === "count") return F.group(String(Math.trunc(value)));
    if (value === 0) return kind === "rate" ? "0%" : "0";
    const [digits, exponent] = shortest(Math.abs(value));
    if (kind === "rate" && value > 0 && value <= 1) {
      if (value < 0.01) {
        const n = Math.round(1 / value);
        if (n >= 1 && n <= LARGEST_ONE_IN && 1 / n === value) return `1 in ${F.group(String(n))}`;
      }
      if (exponent + 2 >= -6) {
        const text = decimal(digits, exponent + 2, false) + "%";
        if (parseNumber(text, "rate") === value) return text;
      }
    }
    return (value < 0 ? "-" : "") + decimal(digits, exponent, kind === "number");
  }

  function optionText(value) {
    if (typeof value === "boolean") return value ? "yes" : "no";
    return String(value);
  }

  // settings_line: the values (by key) and the preset showing (a label, or null).
  function line(settings, values, preset) {
    const parts = settings.fields.map((field) => `${field.key}=` + (field.type === "number"
      ? formatSetting(values[field.key], field.kind) : optionText(values[field.key])));
    let text = `${settings.header}: ${parts.join("; ")}`;
    if (preset) text += ` # preset: ${spaces(preset)}`;
    return text;
  }

  // -- reading a line ------------------------------------------------------------------------
  function which(header, known) {
    const text = header.toLowerCase();
    const match = /^(.*?)\s*\(([^()]*)\)$/.exec(text);
    const candidates = match ? [match[2].trim(), match[1].trim(), text] : [text];
    for (const candidate of candidates) {
      for (const entry of known) {
        const names = [entry.name.toLowerCase(), entry.title.toLowerCase()];
        if (candidate && (candidate === entry.function || names.includes(candidate))) return entry;
      }
    }
    return null;
  }

  const key = (text) => text.trim().toLowerCase().replace(/[\s-]+/g, "_");

  function valid(field, number) {  // NumberInput.validate
    let fine = Number.isFinite(number);
    if (field.kind === "rate") fine = fine && number >= 0 && number <= 1;
    if (field.kind === "count") {
      fine = fine && Number.isInteger(number) && number >= 0 && Math.abs(number) <= EXACT_COUNT_LIMIT;
    }
    return fine && number >= field.minimum && number <= field.maximum;
  }

  function readValue(field, name, typed) {
    typed = typed.replace(/[\u2212\u2013]/g, "-").replace(/[\u2018\u2019]/g, "'");
    if (field.type === "number") {
      const stem = `${name}: ${field.label} must be ${field.allowed}; you entered ${cut(typed)}`;
      let number;
      try { number = parseNumber(typed, field.kind); } catch (problem) {
        if (problem instanceof UnreadableNumber) throw new SettingsError(`${stem}: ${problem.message}.`);
        throw problem;
      }
      if (!valid(field, number)) throw new SettingsError(`${stem}.`);
      return number;
    }
    const said = spaces(typed.toLowerCase());
    if (field.type === "flag") {
      if (YES.includes(said) || NO.includes(said)) return YES.includes(said);
      throw new SettingsError(`${name} must be yes or no; you entered ${cut(typed)}.`);
    }
    for (const [text, value, label] of field.options) {
      const flag = typeof value === "boolean" && (value ? YES.includes(said) : NO.includes(said));
      if (flag || said === text.toLowerCase() || (typeof value !== "boolean" && said === label.toLowerCase())) {
        return value;
      }
    }
    const texts = field.options.map(([text]) => text);
    const allowed = texts.length === 1 ? texts[0] : texts.slice(0, -1).join(", ") + " or " + texts[texts.length - 1];
    throw new SettingsError(`${name} must be ${allowed}; you entered ${cut(typed)}.`);
  }

  function parts(text, settings) {  // [[key, typed value], ...] and the comment
    const normal = spaces(text);
    const hash = normal.indexOf("#");
    const body = (hash < 0 ? normal : normal.slice(0, hash)).trim();
    const comment = hash < 0 ? "" : normal.slice(hash + 1).trim();
    if (!body) {
      throw new SettingsError(`The settings line is empty: paste a line that starts with "${settings.header}:".`);
    }
    const colon = body.indexOf(":");
    const equals = body.indexOf("=");
    if (colon < 0 || (equals >= 0 && equals < colon)) {
      throw new SettingsError("The settings line must start with the calculator's name and a " +
                              `colon: "${settings.header}:".`);
    }
    const header = body.slice(0, colon).trim();
    const entry = which(header, settings.known);
    if (!entry) {
      throw new SettingsError(`This line is for "${cut(header)}", which is not this calculator: ` +
                              `a line for ${settings.name} starts with "${settings.header}:".`);
    }
    if (settings.function && entry.function !== settings.function) {
      throw new SettingsError(`This line is for ${entry.name} (${entry.function}), not for ` +
        `${settings.name} (${settings.function}): paste it into ${entry.name}.`);
    }
    const keys = settings.fields.map((field) => field.key);
    const typed = new Map();
    for (const raw of body.slice(colon + 1).split(";")) {
      const part = raw.trim();
      if (!part) continue;
      const at = part.indexOf("=");
      if (at < 0 || !part.slice(0, at).trim()) {
        throw new SettingsError(`The settings line cannot be read at "${cut(part)}": each setting ` +
                                'is a name, "=" and a value, and ";" separates settings.');
      }
      const name = part.slice(0, at).trim();
      const value = part.slice(at + 1).trim();
      const found = key(name);
      if (!keys.includes(found)) {
        throw new SettingsError(`The settings line names an unknown setting "${cut(name)}": the ` +
                                `settings of ${settings.name} are ${keys.join(", ")}.`);
      }
      if (typed.has(found)) throw new SettingsError(`The settings line gives ${found} twice: give each setting once.`);
      if (!value) throw new SettingsError(`The setting ${found} has no value after "=".`);
      typed.set(found, value);
    }
    if (!typed.size) throw new SettingsError(`The settings line gives no settings after "${cut(header)}:".`);
    return [typed, comment];
  }

  // read_settings_line: {values, preset} from a line, against the values now (checked, nothing set).
  function read(settings, presets, text, current) {
    const [typed, comment] = parts(text, settings);
    const fields = Object.fromEntries(settings.fields.map((field) => [field.key, field]));
    const values = {};
    for (const [name, value] of typed) values[name] = readValue(fields[name], name, value);
    let preset = null;
    const named = /^preset\s*:\s*(.+)$/i.exec(comment);
    if (named) {
      const after = { ...current, ...values };
      for (const candidate of presets) {
        if (spaces(candidate.label.toLowerCase()) === named[1].toLowerCase() &&
            Object.entries(candidate.values).every(([name, value]) => after[name] === value)) {
          preset = candidate.label;
        }
      }
    }
    return { values, preset };
  }

  function applied(given, total) {  // what Apply says (SettingsBox.apply)
    if (given === total) return total !== 1 ? `Applied all ${total} settings.` : "Applied the setting.";
    return `Applied ${given} setting${given !== 1 ? "s" : ""}; the other ${total - given} keep their values.`;
  }

  // -- the row a twin draws (facenumbers.calculators.settings.SettingsBox) -------------------
  // The line to copy, read-only, with a Copy button (the browser's clipboard, or else the text
  // selected for Ctrl+C), and a box to paste a line into, with Apply (or Enter). Folded away
  // until opened. `element`, `uid` and `alert` are twin.js's helpers.
  function row(twin, element, uid, alert) {
    const id = uid("settings");
    const field = (suffix, extra) => element("input", { type: "text", id: `${id}-${suffix}`,
      class: "ftn-text ftn-settings-text", spellcheck: "false", autocomplete: "off", ...extra });
    twin.settingsLine = field("line", { readonly: true });
    twin.settingsPaste = field("paste", { placeholder: "paste a settings line here",
                                          "aria-describedby": `${id}-message` });
    twin.settingsMessage = element("div", { id: `${id}-message`, class: "ftn-settings-message",
                                            "aria-live": "polite" });
    twin.settingsAlert = alert;
    const copy = element("button", { type: "button", class: "ftn-button", text: "Copy",
                                     "aria-describedby": `${id}-copied` });
    const copied = element("span", { id: `${id}-copied`, class: "ftn-settings-copied", "aria-live": "polite" });
    const applyButton = element("button", { type: "button", class: "ftn-button", text: "Apply" });
    const select = () => twin.settingsLine.select();
    twin.settingsLine.addEventListener("focus", select);
    twin.settingsLine.addEventListener("click", select);
    copy.addEventListener("click", async () => {
      twin.settingsLine.focus();
      select();
      let done = false;
      try {
        if (navigator.clipboard && globalThis.isSecureContext) {
          await navigator.clipboard.writeText(twin.settingsLine.value);
          done = true;
        } else done = document.execCommand("copy");
      } catch (problem) { done = false; }
      copied.textContent = done ? "Copied." : "Selected: press Ctrl+C (Cmd+C on a Mac) to copy.";
    });
    applyButton.addEventListener("click", () => apply(twin));
    twin.settingsPaste.addEventListener("keydown", (event) => { if (event.key === "Enter") apply(twin); });
    const line = (children) => element("div", { class: "ftn-settings-row" }, children);
    return element("details", { class: "ftn-settings" }, [
      element("summary", { text: "Settings: copy them as one line, or paste a line" }),
      line([element("label", { for: `${id}-line`, text: "These settings:" }), twin.settingsLine, copy, copied]),
      line([element("label", { for: `${id}-paste`, text: "Paste settings:" }), twin.settingsPaste, applyButton]),
      twin.settingsMessage]);
  }

  function presetShowing(twin) {
    const index = Number(twin.picker ? twin.picker.value : -1);
    return index >= 0 ? twin.spec.presets[index].label : null;
  }

  function show(twin) {  // SettingsBox.show: the line follows every change
    try {
      twin.settingsLine.value = line(twin.spec.settings, twin.values(), presetShowing(twin));
    } catch (problem) {
      twin.settingsLine.value = `(these settings cannot be written as a line: ${problem.name || "Error"})`;
    }
  }

  // SettingsBox.apply: every setting of the pasted line, or none and a message saying why.
  function apply(twin, text = twin.settingsPaste.value) {
    let found;
    try { found = read(twin.spec.settings, twin.spec.presets, text, twin.values()); } catch (problem) {
      if (!(problem instanceof SettingsError)) throw problem;
      twin.settingsMessage.innerHTML = twin.settingsAlert(F.escape(problem.message));
      return false;
    }
    twin.setValues(found.values);
    if (found.preset) twin.applyPreset(found.preset);
    else {
      twin.picker.value = "-1";
      twin.blocks.note.innerHTML = "";
    }
    show(twin);
    const given = Object.keys(found.values).length;
    twin.settingsMessage.innerHTML = `<span class='ftn-settings-done'>${F.escape(
      applied(given, twin.spec.settings.fields.length))}</span>`;
    return true;
  }

  FTN.settings = { SettingsError, formatSetting, line, read, applied, row, show, apply };
})(globalThis.FTN = globalThis.FTN || {});
