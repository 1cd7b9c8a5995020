// The assistant page opened from a file (a shared folder): Chromium does not
// run module scripts from file://, so assistant.mjs never starts there. This
// classic script only says why the full assistant is missing; the static
// assistant works as it is.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  function note() {
    var root = document.getElementById("assistant");
    if (!root || root.getAttribute("data-mode") !== "static") return;
    root.setAttribute("data-mode", "fallback");
    root.querySelector(".assistant-status").textContent =
      "Page ouverte depuis un fichier\u00a0: l’assistant complet (retour, récapitulatif) a besoin d’un serveur web. La version simple ci-dessous fonctionne.";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", note);
  else note();
})();
