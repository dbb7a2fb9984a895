// A chart of Face the Numbers: draws with the offline Vega bundle that one shared widget
// holds (facenumbers.charts.offline), instead of carrying its own copy of the bundle.
// The bundle is imported once per page and reused by every chart.

// The id of the widget that holds the bundle ("IPY_MODEL_<id>" in the chart's state).
const bundleId = (model) => String(model.get("_bundle") || "").replace(/^IPY_MODEL_/, "");

function bundleFor(model) {
  const id = bundleId(model);
  const cache = (globalThis.__faceTheNumbersVega ??= new Map());
  if (!cache.has(id)) {
    cache.set(id, model.widget_manager.get_model(id).then(async (holder) => {
      const blob = new Blob([holder.get("source")], { type: "text/javascript" });
      const url = URL.createObjectURL(blob);
      try {
        return (await import(/* webpackIgnore: true */ url)).default;
      } finally {
        URL.revokeObjectURL(url);
      }
    }));
  }
  return cache.get(id);
}

export default {
  async render(context) {
    let vega;
    try {
      vega = await bundleFor(context.model);
    } catch (problem) {
      globalThis.__faceTheNumbersVega?.delete(bundleId(context.model));  // try again next time
      context.el.textContent =
        "This chart could not load its drawing code. Run the notebook's cells again " +
        "(Run > Run All Cells) to draw it.";
      console.warn("Face the Numbers: chart bundle not found", problem);
      return;
    }
    return vega.render(context);
  },
};
