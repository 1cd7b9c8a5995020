// Run tests/pyodide/walk_all.py under the real Pyodide (npm package), with our
// wheel installed from its pyodide-lock.json (sha256 checked), and print JSON.
//   node run.mjs <pyodide dir> <pyodide-lock.json> <assistant.json> <walk_all.py>
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, lockFile, assistantFile, scriptFile] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const quiet = () => {};
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/",
  lockFileURL: lockFile,
  packageBaseUrl: dirname(lockFile) + "/", // never the CDN: the wheel is next to the lock
  stdout: quiet,
  stderr: (line) => process.stderr.write(line + "\n"),
});
const loaded = await pyodide.loadPackage("gammaflow", { messageCallback: quiet, errorCallback: (m) => { throw new Error(m); } });
if (!loaded.some((p) => p.name === "gammaflow")) throw new Error("gammaflow not loaded");
pyodide.globals.set("assistant_text", readFileSync(assistantFile, "utf8"));
pyodide.runPython(readFileSync(scriptFile, "utf8"));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const origin = pyodide.runPython("import gammaflow.runtime as r; r.__file__");
const result = pyodide.runPython("main(assistant_text)");
process.stdout.write(JSON.stringify({ python: version, runtime_file: origin, result: JSON.parse(result) }));
