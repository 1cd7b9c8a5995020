// Loading Pyodide inside a module Web Worker, with our package (python-worker.mjs).
//
// The core files come from the site (assets/pyodide/, never a CDN); our wheel
// is installed from its one-package pyodide-lock.json (Pyodide checks its
// sha256). Known failures end at once with a clear error rather than a hang:
// WebAssembly refused by the Content-Security-Policy, pyodide.asm.wasm
// missing or damaged, an unreadable lock file.
//
//   const pyodide = await loadPyodideWithPackage(pyodideUrl, "gammaflow");

async function fetchText(url) {
  // "no-cache": revalidate, so that a rebuilt site never pairs new pages with
  // a stale lock file (the wheel's URL carries its hash).
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`, { cause: "missing" });
  return response.text();
}

async function checkWasm() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new Error(`WebAssembly refusé (politique de sécurité du serveur ?) : ${error.message}`, { cause: "csp" });
  }
}

// Pyodide catches a failed instantiation of pyodide.asm.wasm with a console
// warning, then waits forever: this promise rejects at once instead.
function wasmFailure() {
  return new Promise((_, reject) => {
    for (const name of ["instantiateStreaming", "instantiate"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (source, ...rest) {
        const result = original.call(WebAssembly, source, ...rest);
        if (!(source instanceof WebAssembly.Module)) {
          result.catch((error) => reject(new Error(`pyodide.asm.wasm : ${error.message}`, { cause: "damaged" })));
        }
        return result;
      };
    }
  });
}

export async function loadPyodideWithPackage(pyodideUrl, packageName) {
  await checkWasm();
  const failed = wasmFailure();
  const [{ loadPyodide }, lock] = await Promise.all([
    import(new URL("pyodide.mjs", pyodideUrl).href),
    fetchText(new URL("pyodide-lock.json", pyodideUrl).href),
  ]);
  try {
    JSON.parse(lock);
  } catch (error) {
    throw new Error(`pyodide-lock.json illisible : ${error.message}`, { cause: "damaged" });
  }
  const pyodide = await Promise.race([failed, loadPyodide({
    indexURL: pyodideUrl,
    lockFileContents: lock,
    packageBaseUrl: pyodideUrl,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  })]);
  const errors = [];
  await pyodide.loadPackage(packageName, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new Error(errors.join(" ; "));
  return pyodide;
}
