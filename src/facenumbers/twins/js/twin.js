// The course's calculators on a web page, with no kernel: each `.ftn-twin` element holds a
// calculator's spec (facenumbers.twins.twin_spec, made from the real widget), and this file
// draws it (presets, sliders with text boxes, choices, chart, readout) and recomputes it in
// the browser with the calculator's JavaScript model (models/<function>.js) after every
// change. Typed values follow the widget's rules and messages
// (facenumbers.calculators.controls). `.ftn-chart` elements are plain charts.
// Everything loads from this site's own folder: Vega (vega.js, bundled from the installed
// vl-convert), the models, the styles. Nothing comes from another server.
(function (FTN) {
  "use strict";
  const F = FTN.format;
  const here = (document.currentScript && document.currentScript.src) || "";
  const base = here.slice(0, here.lastIndexOf("/") + 1);
  const loaded = new Map();

  function load(file) {
    if (!loaded.has(file)) {
      loaded.set(file, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = base + file;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${file}`));
        document.head.appendChild(script);
      }));
    }
    return loaded.get(file);
  }

  // A model's files, in order (facenumbers.twins.SCRIPTS: shared parts, then the model).
  async function loadModel(spec) {
    for (const file of spec.scripts) await load(file);
    return FTN.models[spec.function];
  }

  const { UnreadableNumber, parseNumber, formatValue, cut, readPrediction, comparePrediction,
          EXACT_COUNT_LIMIT } = FTN.reading;

  const alert = (text) => `<span role='alert' style='color:#B00020'>&#9888; ${text}</span>`;
  let counter = 0;
  const uid = (stem) => `ftn-${stem}-${++counter}`;

  function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "html") node.innerHTML = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  // -- one number input: a slider and a text box (NumberInput) ----------------------------
  class NumberBox {
    constructor(spec, twin) {
      Object.assign(this, spec);
      this.twin = twin;
      this.step = twin.spec.grid[spec.name] || 0;
      const id = uid(spec.name);
      const s = spec.slider;
      this.range = element("input", {
        type: "range", id: `${id}-slider`, min: s.min, max: s.max, "aria-label": spec.label,
        step: s.type === "int" ? 1 : s.step, class: "ftn-slider", "data-input": spec.name,
      });
      this.text = element("input", {
        type: "text", id: `${id}-text`, class: "ftn-text", inputmode: "decimal",
        "aria-label": `Type a value for ${spec.label}`, "data-input": spec.name,
        "aria-describedby": `${id}-error`, spellcheck: "false", autocomplete: "off",
      });
      this.error = element("div", { id: `${id}-error`, class: "ftn-error", "aria-live": "polite" });
      const title = element("label", { for: `${id}-text`, class: "ftn-label" },
        [element("b", { text: spec.label })]);
      if (spec.help) title.appendChild(element("span", { class: "ftn-help", text: spec.help }));
      if (this.step) {
        const grid = this.step.log ? `${Math.round(1 / this.step.step)} values per power of ten`
          : `steps of ${F.py(this.step.step, "g")}`;
        title.appendChild(element("span", { class: "ftn-help", text: `precomputed at ${grid}` }));
      }
      this.node = element("div", { class: "ftn-number" }, [
        element("div", { class: "ftn-number-row" }, [title, this.range, this.text]), this.error]);
      this.range.addEventListener("input", () => this.onSlider());
      this.text.addEventListener("change", () => this.onText());
      this.text.addEventListener("keydown", (event) => { if (event.key === "Enter") this.onText(); });
      this.show(this.value);
    }

    message(typedOrValue) {
      return `${this.label} must be ${this.allowed_}; you entered ${typedOrValue}.`;
    }

    get allowed_() { return this.twin.spec.inputs.find((b) => b.name === this.name).allowed; }

    validate(number) {
      let fine = Number.isFinite(number);
      if (this.kind === "rate") fine = fine && number >= 0 && number <= 1;
      if (this.kind === "count") {
        fine = fine && Number.isInteger(number) && number >= 0 && Math.abs(number) <= EXACT_COUNT_LIMIT;
      }
      return fine && number >= this.minimum && number <= this.maximum;
    }

    onGrid(value) {  // facenumbers.twins.on_grid
      if (!this.step) return value;
      let snapped;
      if (this.step.log) {
        const perDecade = Math.round(1 / this.step.step);
        const low = Math.log10(this.minimum);
        snapped = 10 ** (low + F.roundHalfEven((Math.log10(value) - low) * perDecade) / perDecade);
      } else {
        snapped = F.roundHalfEven(value / this.step.step) * this.step.step;
      }
      snapped = this.kind === "count" ? F.roundHalfEven(snapped) : Number(F.py(snapped, ".12g"));
      return Math.min(Math.max(snapped, this.minimum), this.maximum);
    }

    sliderPosition(value) {
      const s = this.slider;
      if (s.type === "log") {
        const exponent = value > 0 ? Math.log10(value) : s.min;
        return Math.min(Math.max(exponent, s.min), s.max);
      }
      return value;
    }

    show(value) {
      this.text.value = formatValue(value, this.kind);
      this.range.value = String(this.sliderPosition(value));
      this.range.setAttribute("aria-valuetext", formatValue(value, this.kind));
    }

    set(value) {  // from a preset or from code: no redraw of its own
      if (!this.validate(value)) throw new Error(this.message(formatValue(value, "number")));
      this.value = this.onGrid(value);
      this.error.innerHTML = "";
      this.show(this.value);
    }

    onSlider() {
      const position = Number(this.range.value);
      let value = this.slider.type === "log" ? 10 ** position : position;
      if (this.kind === "count") {
        const previous = this.value;
        value = F.roundHalfEven(value);
        if (value === previous && this.slider.type === "log") {
          // a log step smaller than one whole number must still move the count by one
          const before = this.sliderPosition(previous);
          value = previous + (position > before ? 1 : position < before ? -1 : 0);
        }
      } else if (this.slider.type === "log") {
        value = Number(F.py(value, ".3g"));
      }
      value = this.onGrid(Math.min(Math.max(value, this.minimum), this.maximum));
      this.value = value;
      this.error.innerHTML = "";
      this.text.value = formatValue(value, this.kind);
      this.range.setAttribute("aria-valuetext", formatValue(value, this.kind));
      this.twin.changed();
    }

    onText() {
      const typed = this.text.value;
      let number;
      let problem = null;
      try {
        number = parseNumber(typed, this.kind);
        if (!this.validate(number)) problem = new Error("range");
      } catch (error) { problem = error; }
      if (problem) {
        let message = this.message(cut(typed));
        if (!typed.trim()) message = `${this.label} must be ${this.allowed_}; the box is empty.`;
        else if (problem instanceof UnreadableNumber) message = `${message.slice(0, -1)}: ${problem.message}.`;
        this.error.innerHTML = alert(`${F.escape(message)} Keeping ${F.escape(formatValue(this.value, this.kind))}.`);
        return;
      }
      this.value = this.onGrid(number);
      this.error.innerHTML = "";
      this.show(this.value);
      this.twin.changed();
    }

    setEnabled(enabled) { this.range.disabled = !enabled; this.text.disabled = !enabled; }
  }

  // -- one choice: a checkbox, a menu or toggle buttons -----------------------------------
  class ChoiceBox {
    constructor(spec, twin) {
      Object.assign(this, spec);
      this.twin = twin;
      const id = uid(spec.name);
      if (spec.widget === "checkbox") {
        this.input = element("input", { type: "checkbox", id, "data-choice": spec.name });
        this.input.checked = Boolean(spec.value);
        this.node = element("div", { class: "ftn-choice", title: spec.tooltip || null },
          [this.input, element("label", { for: id, text: spec.description })]);
        this.input.addEventListener("change", () => twin.changed());
      } else if (spec.widget === "dropdown") {
        this.input = element("select", { id, "data-choice": spec.name });
        this.setOptions(spec.options, spec.value);
        this.node = element("div", { class: "ftn-choice" },
          [element("label", { for: id, text: spec.description }), this.input]);
        this.input.addEventListener("change", () => twin.changed());
      } else {  // toggle buttons: a group of radio buttons
        this.node = element("fieldset", { class: "ftn-toggle", "data-choice": spec.name },
          [element("legend", { text: spec.description.replace(/:$/, "") })]);
        this.radios = spec.options.map(([label, value], index) => {
          const radio = element("input", { type: "radio", name: id, id: `${id}-${index}`,
                                           value: index });
          radio.checked = value === spec.value;
          radio.addEventListener("change", () => twin.changed());
          this.node.appendChild(element("span", { class: "ftn-radio" },
            [radio, element("label", { for: `${id}-${index}`, text: label })]));
          return radio;
        });
      }
    }

    setOptions(options, keep) {
      this.options = options;
      this.input.innerHTML = "";
      options.forEach(([label, value], index) => {
        const option = element("option", { value: index, text: label });
        option.selected = JSON.stringify(value) === JSON.stringify(keep);
        this.input.appendChild(option);
      });
    }

    get current() {
      if (this.widget === "checkbox") return this.input.checked;
      if (this.widget === "dropdown") return this.options[Number(this.input.value)][1];
      const index = this.radios.findIndex((radio) => radio.checked);
      return this.options[index][1];
    }

    set current(value) {
      if (this.widget === "checkbox") this.input.checked = Boolean(value);
      else if (this.widget === "dropdown") {
        const index = this.options.findIndex(([, v]) => JSON.stringify(v) === JSON.stringify(value));
        if (index < 0) throw new Error(`${this.name} cannot be ${JSON.stringify(value)}.`);
        this.input.value = String(index);
      } else {
        const index = this.options.findIndex(([, v]) => JSON.stringify(v) === JSON.stringify(value));
        if (index < 0) throw new Error(`${this.name} cannot be ${JSON.stringify(value)}.`);
        this.radios[index].checked = true;
      }
    }
  }

  // -- a calculator ------------------------------------------------------------------------
  class Twin {
    constructor(root) {
      this.root = root;
      this.spec = JSON.parse(root.querySelector("script.ftn-twin-spec").textContent);
      this.context = this.spec.context;
      this.inputs = {};
      this.choices = {};
      this.blocks = {};
      this.predicted = null;
      this.predictionProblem = "";
      this.last = null;
      this.applying = false;
    }

    async start() {
      const spec = this.spec;
      this.model = await loadModel(spec);
      await load("settings.js");
      const body = element("div", { class: "ftn-twin-body", role: "group", "aria-label": spec.title });
      body.appendChild(this.node(spec.layout));
      this.root.appendChild(body);
      if (this.context && this.context.precomputed) {
        const header = body.querySelector("h3");
        const note = element("p", { class: "ftn-precomputed", text: this.context.precomputed });
        if (header && header.parentNode) header.parentNode.insertBefore(note, header.nextSibling);
      }
      this.picker.value = spec.presets.findIndex((p) => p.label === spec.preset);
      await this.drawChart();
      this.refresh();
      this.root.dataset.ready = "true";
    }

    node(layout) {
      switch (layout.type) {
        case "box": {
          const box = element("div", { class: `ftn-box ftn-${layout.direction}${layout.wrap ? " ftn-wrap" : ""}` });
          if (layout.scroll) {
            box.classList.add("ftn-scroll");
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", layout.scroll);
            box.tabIndex = 0;
          }
          for (const child of layout.children) box.appendChild(this.node(child));
          return box;
        }
        case "html": {
          const block = element("div", { class: `ftn-html${layout.id ? " ftn-" + layout.id : ""}`,
                                         html: layout.value });
          if (layout.id) this.blocks[layout.id] = block;
          if (layout.id === "prediction_line") return this.predictionNode(block);
          if (layout.id === "readout" || layout.id === "summary") block.setAttribute("aria-live", "polite");
          return block;
        }
        case "number": {
          const box = new NumberBox(this.spec.inputs.find((b) => b.name === layout.name), this);
          this.inputs[layout.name] = box;
          return box.node;
        }
        case "choice": {
          const choice = new ChoiceBox(layout, this);
          this.choices[layout.name] = choice;
          return choice.node;
        }
        case "presets": {
          const id = uid("preset");
          this.picker = element("select", { id, class: "ftn-presets" });
          this.picker.appendChild(element("option", { value: -1, text: "(your own values)" }));
          this.spec.presets.forEach((preset, index) =>
            this.picker.appendChild(element("option", { value: index, text: preset.label })));
          this.picker.addEventListener("change", () => {
            const index = Number(this.picker.value);
            if (index >= 0) this.applyPreset(this.spec.presets[index].label);
          });
          return element("div", { class: "ftn-preset-row" },
            [element("label", { for: id, text: "Preset:" }), this.picker]);
        }
        case "accordion": {
          const box = element("div", { class: "ftn-accordion" });
          layout.children.forEach((child, index) => {
            const details = element("details", { open: index === 0 },
              [element("summary", { text: layout.titles[index] }), this.node(child)]);
            box.appendChild(details);
          });
          return box;
        }
        case "chart":
          this.chartNode = element("div", { class: "ftn-chart-area" });
          return this.chartNode;
        case "settings":
          return FTN.settings.row(this, element, uid, alert);
        default:
          throw new Error(`unknown part ${layout.type}`);
      }
    }

    predictionNode(block) {
      if (!this.spec.prediction) return block;
      const id = uid("prediction");
      this.predictionBox = element("input", { type: "text", id, class: "ftn-text ftn-prediction-box",
                                              autocomplete: "off", spellcheck: "false" });
      this.predictionBox.addEventListener("change", () => this.readPrediction());
      this.predictionBox.addEventListener("keydown", (e) => { if (e.key === "Enter") this.readPrediction(); });
      return element("div", { class: "ftn-prediction" }, [block, element("div", { class: "ftn-prediction-row" }, [
        element("label", { for: id, text: "Your prediction (write it before you change anything):" }),
        this.predictionBox])]);
    }

    // The settings row (settings.js): the line to copy, and a box to paste a line into.
    showSettings() { if (this.settingsLine && FTN.settings) FTN.settings.show(this); }

    applySettings(text) { return FTN.settings.apply(this, text); }

    readPrediction() {
      const typed = this.predictionBox.value;
      this.predictionProblem = "";
      this.predicted = null;
      if (typed.trim()) {
        try { this.predicted = readPrediction(typed, this.spec.prediction); } catch (problem) {
          this.predictionProblem = problem.message;
        }
      }
      this.showPrediction();
    }

    showPrediction() {
      const spec = this.spec.prediction;
      if (!spec) return;
      const question = `<b>Predict first:</b> ${F.escape(spec.question)}`;
      let text;
      if (this.predictionProblem) text = `${question} ${alert(F.escape(this.predictionProblem))}`;
      else if (this.predicted === null) {
        text = `${question} <i>Write your answer down first (here: in the box below), then explore.</i>`;
      } else {
        text = `${question} ${F.escape(comparePrediction(this.predicted, this.answer, spec.kind))}`;
      }
      this.blocks.prediction_line.innerHTML = `<p style='margin:2px 0'>${text}</p>`;
    }

    async drawChart() {
      await load("vega.js");
      const spec = this.spec.chart.spec;
      const result = await globalThis.vegaEmbed(this.chartNode, spec, { actions: false, renderer: "svg" });
      this.view = result.view;
      this.chartNode.dataset.drawn = "true";
    }

    values() {
      const values = {};
      for (const [name, box] of Object.entries(this.inputs)) values[name] = box.value;
      for (const [name, choice] of Object.entries(this.choices)) values[name] = choice.current;
      return values;
    }

    setValues(values) {  // set_values: several inputs at once, then one redraw
      this.applying = true;
      try {
        for (const [name, value] of Object.entries(values)) {
          if (name in this.choices) this.choices[name].current = value;
          else if (name in this.inputs) this.inputs[name].set(value);
          else throw new Error(`input must be one of ${Object.keys({ ...this.inputs, ...this.choices }).join(", ")}; got '${name}'.`);
        }
      } finally { this.applying = false; }
      return this.refresh();
    }

    applyPreset(label) {
      const preset = this.spec.presets.find((p) => p.label === label);
      if (!preset) throw new Error(`preset must be one of ${this.spec.presets.map((p) => p.label).join(", ")}; got '${label}'.`);
      const result = this.setValues(preset.values);
      const lines = preset.note ? [F.escape(preset.note)] : [];
      for (const assumption of preset.assumptions) lines.push(`<i>Assumption:</i> ${F.escape(assumption)}`);
      this.blocks.note.innerHTML = lines.join("<br>");
      this.picker.value = String(this.spec.presets.indexOf(preset));
      this.showSettings();
      return result;
    }

    changed() {
      if (this.applying) return;
      this.picker.value = "-1";
      this.blocks.note.innerHTML = "";
      this.refresh();
    }

    refresh() {  // Calculator.refresh: never throws; a message instead
      const started = performance.now();
      try {
        const result = this.model.compute(this.values(), this.context);
        this.apply(result);
        this.blocks.message.innerHTML = "";
      } catch (problem) {
        if (problem instanceof FTN.InputError) this.blocks.message.innerHTML = alert(F.escape(problem.message));
        else {
          this.blocks.message.innerHTML = alert("These values could not be computed " +
            `(${F.escape(problem.name || "Error")}); the last result is kept. Change a value, or reload the page.`);
          if (globalThis.console) console.warn(problem);
        }
      }
      this.showPrediction();
      this.showSettings();
      this.computeMs = performance.now() - started;
      return this.last;
    }

    apply(result) {
      this.last = result;
      this.answer = result.answer;
      for (const [name, value] of Object.entries(result.html || {})) {
        if (this.blocks[name]) this.blocks[name].innerHTML = value;
      }
      for (const [name, enabled] of Object.entries(result.enabled || {})) {
        if (this.inputs[name]) this.inputs[name].setEnabled(enabled);
      }
      for (const [name, options] of Object.entries(result.options || {})) {
        const choice = this.choices[name];
        if (choice && JSON.stringify(options) !== JSON.stringify(choice.options)) {
          choice.setOptions(options, choice.current);
        }
      }
      if (this.view) {
        for (const [name, value] of Object.entries(result.params || {})) this.view.signal(name, value);
        this.drawn = this.view.runAsync();
      }
      this.root.dataset.answer = JSON.stringify(result.answer === undefined ? null : result.answer);
    }
  }

  async function drawChart(root) {
    await load("vega.js");
    const spec = JSON.parse(root.querySelector("script.ftn-chart-spec").textContent);
    const area = element("div", { class: "ftn-chart-area" });
    root.appendChild(area);
    try {
      await globalThis.vegaEmbed(area, spec, { actions: false, renderer: "svg" });
      root.dataset.drawn = "true";
    } catch (problem) {
      root.dataset.drawn = "failed";
      throw problem;
    }
  }

  // A box of the page that scrolls sideways (a wide table, say) gets a Tab stop and a name,
  // so that a person using only the keyboard can scroll it with the arrow keys.
  function reachScrollingBoxes() {
    const boxes = document.querySelectorAll("pre, .cell_output, .output, .table-wrapper, div.highlight, .ftn-scroll");
    for (const box of boxes) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      const style = getComputedStyle(box);
      const canScroll = /(auto|scroll)/.test(style.overflowX + style.overflowY);
      if (scrolls && canScroll && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        if (!box.getAttribute("role")) box.setAttribute("role", "region");
        if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", "Scrolling content: use the arrow keys");
      }
    }
  }

  FTN.twins = [];
  FTN.parseNumber = parseNumber;
  FTN.ready = new Promise((resolve) => {
    const start = () => {
      const jobs = [];
      for (const root of document.querySelectorAll(".ftn-chart")) jobs.push(drawChart(root));
      for (const root of document.querySelectorAll(".ftn-twin")) {
        const twin = new Twin(root);
        root.ftnTwin = twin;
        FTN.twins.push(twin);
        jobs.push(twin.start().catch((problem) => {
          root.dataset.ready = "failed";
          root.appendChild(element("p", { class: "ftn-error", role: "alert",
            text: `This calculator could not start (${problem.message}). Reload the page.` }));
          throw problem;
        }));
      }
      Promise.allSettled(jobs).then((results) => {
        reachScrollingBoxes();
        for (const result of results) if (result.status === "rejected") console.error(result.reason);
        resolve(results);
      });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  });
})(globalThis.FTN = globalThis.FTN || {});
