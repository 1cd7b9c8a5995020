// Opened from a file (the site folder on a shared drive): mkdocs-material
// hides its search there, since its worker cannot start from file://. Say so
// where the search box would be, so that nobody looks for it in vain. A
// classic script, not a module: Chromium does not run modules from file://.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  function note() {
    document.documentElement.classList.add("gf-file");
    var search = document.querySelector(".md-header .md-search");
    if (!search || document.querySelector(".gf-file-note")) return;
    var text = document.createElement("p");
    text.className = "gf-file-note";
    text.setAttribute("role", "note");
    var what = document.createElement("strong");
    what.textContent = "Recherche indisponible";
    var why = document.createElement("span");
    why.className = "gf-file-note__why";
    why.textContent = "\u00a0: site ouvert depuis un fichier, la recherche a besoin d’un serveur web";
    text.append(what, why);
    search.parentNode.insertBefore(text, search.nextSibling);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", note);
  else note();
})();
