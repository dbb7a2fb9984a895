// Runs a calculator twin's JavaScript model in Node.js, for tests/twin_support.py.
// Reads {"function": name, "scripts": [files in js/models, in order], "context": {...},
// "settings": [values, ...]} on stdin; prints one
// result per setting: {"ok": true, "result": {...}} or {"ok": false, "error": message,
// "input_error": true when it is the message a learner sees (FTN.InputError)}.
const fs = require("fs");
const path = require("path");
const root = path.join(__dirname, "..", "src", "facenumbers", "twins", "js");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
require(path.join(root, "format.js"));
for (const file of job.scripts) require(path.join(root, "models", file));
const model = globalThis.FTN.models[job.function];
const out = job.settings.map((values) => {
  try {
    return { ok: true, result: model.compute(values, job.context) };
  } catch (problem) {
    return { ok: false, error: String(problem && problem.message),
             input_error: problem instanceof globalThis.FTN.InputError };
  }
});
process.stdout.write(JSON.stringify(out));
