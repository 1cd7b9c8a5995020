"""gammaflow: the GAMMA 2 fallback procedure as a flow, compiled for the site.

Two public sides, imported on their own:

    gammaflow.build       the build side (PyYAML, Markdown, graphviz): load,
                          check and compile a flow, write its outputs
    gammaflow.runtime     the browser side (standard library only, runs in
    gammaflow.assistant   Pyodide): walk the compiled chart, answer the
    gammaflow.lrn         assistant and the LRN helper

Importing this package imports neither side, so the browser side loads in
Pyodide without the build dependencies. Modules whose name starts with an
underscore are the engine's own rooms (see the README's Architecture).
"""
