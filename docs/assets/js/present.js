/* The presentation mode (docs/presentation.md) and the way into it from every
 * page (the « Présenter » button of docs/overrides/main.html, Maj + P).
 *
 * A classic script, not a module: Chromium refuses module scripts from
 * file://, and the mode must work from a shared folder; it stays whole for
 * that reason (a classic script cannot import the parts of a split one; the
 * « cas pratiques » slides are a second classic script, present-cases.js). No Pyodide: the paths
 * come compiled in the page (template#presentation-data) and the slides are
 * rendered at build time (scripts/templates/presentation.html); this script
 * shows one slide, moves the diagram and keeps the address in step:
 *   #etape-<node>            a node, reached by the shortest path (compiled);
 *                            the assistant's own address of that step
 *   #etape-<node>--<step>    an outcome's step (or --rappel, its reminder)
 *   (#noeud-… is the former form of these two, still opened)
 *   #scenario-<n>[/<k>]      step k (from 1) of generated scenario n
 *   #cas-<id>[/<k>]          slide k (from 1) of a « cas pratique » (the Practice block below)
 *   ?depuis=<page>           where Échap returns (set by the « Présenter » button)
 *
 * Keys are read on `document` in the bubbling phase and stopped there while
 * the mode is on: mkdocs-material's own keys (f, s, /, p, n, comma, period)
 * listen on `window`, after it, and never see them; the focus-visible
 * polyfill, which listens while capturing, still does.
 */
(function () {
  "use strict";

  var RETURN = "gamma2-presentation-retour";
  var NOTES = "gamma2-presentation-notes";
  var deck = null;

  function store(kind) {
    try { return window[kind]; } catch (error) { return null; }
  }
  function readJSON(kind, key) {
    var storage = store(kind);
    try { return storage ? JSON.parse(storage.getItem(key) || "null") : null; } catch (error) { return null; }
  }
  function writeJSON(kind, key, value) {
    var storage = store(kind);
    try {
      if (!storage) return;
      if (value === null) storage.removeItem(key); else storage.setItem(key, JSON.stringify(value));
    } catch (error) { /* private mode, quota: the mode works without */ }
  }

  function editable(element) {
    if (!element || !element.closest) return false;
    return Boolean(element.closest("input, select, textarea, [contenteditable=''], [contenteditable='true']"));
  }
  function searchOpen() {
    var toggle = document.getElementById("__search");
    return Boolean(toggle && toggle.checked);
  }

  /* ---- Entering from any page ------------------------------------------ */

  // The hash to open at, from where the reader is: a scenario of the
  // scenarios page, a step of the assistant, or the start.
  function hashFrom(hash) {
    var scenario = /^#(scenario-\d+)$/.exec(hash);
    if (scenario) return "#" + scenario[1];
    var practice = /^#(cas-[a-z0-9-]+)$/.exec(hash); // a case of the « Cas pratiques » page
    if (practice) return "#" + practice[1];
    if (/^#etape-[a-z0-9-]+$/.test(hash)) return hash; // the same address in both
    return "";
  }

  function enter() {
    if (deck) { deck.start(); return; }
    var link = document.querySelector("a[data-present-enter]");
    var target;
    if (link) {
      target = new URL(link.getAttribute("href"), location.href);
    } else {
      var config = document.getElementById("__config");
      var base = ".";
      try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* default */ }
      target = new URL(base.replace(/\/?$/, "/") + "presentation.html", location.href);
    }
    var here = new URL(location.href);
    var folder = target.href.split(/[?#]/)[0].replace(/[^/]*$/, "");
    var from = here.href.indexOf(folder) === 0 ? here.href.slice(folder.length) : here.pathname + here.search + here.hash;
    target.search = "?depuis=" + encodeURIComponent(from);
    target.hash = hashFrom(here.hash);
    writeJSON("sessionStorage", RETURN, { url: here.href, y: Math.round(window.scrollY) });
    location.assign(target.href);
  }

  // Back from the mode (Échap): the page where the reader was, scrolled as it was.
  function restoreReturn() {
    var record = readJSON("sessionStorage", RETURN);
    if (!record || !record.back || record.url !== location.href) return;
    writeJSON("sessionStorage", RETURN, null);
    window.scrollTo(0, record.y || 0);
    requestAnimationFrame(function () {
      window.scrollTo(0, record.y || 0);
      var button = document.querySelector("a[data-present-enter]");
      if (button) button.focus({ preventScroll: true });
    });
  }

  /* ---- The presentation ------------------------------------------------- */

  function Deck(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("#presentation-data").content.textContent);
    this.nodes = this.data.nodes;
    this.svg = root.querySelector(".present-diagram svg");
    this.pane = root.querySelector(".present-diagram");
    this.scroller = root.querySelector(".flow-diagram__scroll");
    this.slides = root.querySelector(".present-slides");
    this.status = root.querySelector(".present-status");
    this.where = root.querySelector(".present-where");
    this.progress = root.querySelector(".present-progress");
    this.meter = root.querySelector(".present-meter__fill");
    this.end = root.querySelector(".present-end");
    this.blank = root.querySelector(".present-blank");
    this.keysDialog = root.querySelector("#present-touches");
    this.scenariosDialog = root.querySelector("#present-scenarios");
    this.on = false;
    this.overview = false;
    this.scenario = null;   // index in data.scenarios, or null: free path
    this.k = 0;             // in a scenario: the slide's index
    this.path = [this.data.start];
    this.keys = [];         // keys[i] leads from path[i] to path[i + 1]
    this.sub = 0;           // the slide within the last node
    this.boxes = null;
    this.listeners = [];
    this.page = location.pathname + location.search;
    var depuis = new URL(location.href).searchParams.get("depuis");
    this.back = this.safeBack(depuis);
    this.bind();
    this.route(location.hash, Boolean(depuis));
    // The web fonts change the slide's height and the boxes' size: measure again.
    var self = this;
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () {
        self.boxes = null;
        self.fit();
        self.place(false);
      });
    }
  }

  Deck.prototype.listen = function (target, type, handler, options) {
    target.addEventListener(type, handler, options);
    this.listeners.push([target, type, handler, options]);
  };

  Deck.prototype.destroy = function () {
    this.listeners.forEach(function (item) { item[0].removeEventListener(item[1], item[2], item[3]); });
    this.listeners = [];
    this.on = false;
    document.documentElement.classList.remove("present-on");
  };

  // Only a page of this site, never another host or scheme.
  Deck.prototype.safeBack = function (value) {
    if (!value) return null;
    try {
      var url = new URL(value, location.href);
      if (url.protocol !== location.protocol || url.host !== location.host) return null;
      if (!/\.html$/.test(url.pathname) && !/\/$/.test(url.pathname)) return null;
      return url.href;
    } catch (error) { return null; }
  };

  Deck.prototype.bind = function () {
    var self = this;
    this.listen(this.root, "click", function (event) {
      var action = event.target.closest("[data-action]");
      if (action && self.root.contains(action)) { self.act(action.getAttribute("data-action")); return; }
      var choice = event.target.closest(".present-choice");
      if (choice) { self.choose(Number(choice.getAttribute("data-choice"))); return; }
      var box = event.target.closest("svg g[id^='n-']");
      if (box && self.on) {
        self.goSlide(box.id.slice(2)); // a node's other boxes (marks, copies): n-<node>--…, its node
        if (self.overview) self.toggleOverview();
        self.show();
      }
    });
    this.listen(window, "resize", function () { self.place(false); self.fit(); });
    this.listen(document, "fullscreenchange", function () { self.pressed("fullscreen", Boolean(document.fullscreenElement)); });
    this.listen(window, "beforeprint", function () { self.printing = true; });
    this.listen(window, "afterprint", function () { self.printing = false; self.place(false); });
    [this.keysDialog, this.scenariosDialog].forEach(function (dialog) {
      self.listen(dialog, "close", function () { if (self.on) self.focusSlide(); });
    });
  };

  /* ---- State from and to the address ---- */

  Deck.prototype.route = function (hash, force) {
    var match;
    if (this.practiceRoute && this.practiceRoute(hash)) return this.show(true); // present-cases.js
    if ((match = /^#(scenario-\d+)(?:\/(\d+))?$/.exec(hash))) {
      var index = this.data.scenarios.findIndex(function (s) { return s.id === match[1]; });
      if (index >= 0) {
        this.setScenario(index, match[2] ? Number(match[2]) - 1 : 0);
        return this.show(true);
      }
    } else if ((match = /^#(?:etape|noeud)-(.+)$/.exec(hash)) || hash === "#presentation") {
      this.goSlide(match ? decodeURIComponent(match[1]) : this.data.start, true);
      return this.show(true);
    }
    if (force) {
      this.goSlide(this.data.start, true);
      return this.show(true);
    }
    if (this.on) this.leave();
  };

  Deck.prototype.hash = function () {
    if (this.practice) return this.practiceHash();
    if (this.scenario !== null) return "#" + this.data.scenarios[this.scenario].id + "/" + (this.k + 1);
    return "#etape-" + this.slideId();
  };

  Deck.prototype.slideId = function () {
    if (this.practice) return this.practiceSlides()[this.practice.k];
    return this.nodes[this.node()].slides[this.sub];
  };
  Deck.prototype.node = function () { return this.path[this.path.length - 1]; };

  // The diagram box of each step of the path: a node drawn more than once
  // (gammaflow's drawing) is lit where the answer followed reaches it.
  Deck.prototype.pathBoxes = function () {
    var nodes = this.nodes;
    var keys = this.keys;
    var boxes = [];
    this.path.forEach(function (id, i) {
      if (i === 0) { boxes.push(nodes[id].boxes[0]); return; }
      var before = nodes[this.path[i - 1]];
      var followed = before.choices.filter(function (choice) { return choice.key === keys[i - 1]; })[0];
      boxes.push(followed ? followed.box : nodes[id].boxes[0]);
    }, this);
    return boxes;
  };

  // The box of the slide shown.
  Deck.prototype.shownBox = function () {
    return this.sub ? this.nodes[this.node()].boxes[this.sub] : this.pathBoxes()[this.path.length - 1];
  };

  // The slides of a scenario, in order: {depth, sub}.
  Deck.prototype.scenarioSlides = function (index) {
    var nodes = this.nodes;
    var list = [];
    this.data.scenarios[index].nodes.forEach(function (id, depth) {
      nodes[id].slides.forEach(function (_, sub) { list.push({ depth: depth, sub: sub }); });
    });
    return list;
  };

  Deck.prototype.setScenario = function (index, k) {
    var slides = this.scenarioSlides(index);
    var scenario = this.data.scenarios[index];
    k = Math.max(0, Math.min(slides.length - 1, k));
    this.practice = null;
    this.scenario = index;
    this.k = k;
    this.path = scenario.nodes.slice(0, slides[k].depth + 1);
    this.keys = scenario.keys.slice(0, slides[k].depth);
    this.sub = slides[k].sub;
  };

  // A node or an outcome's step, in the free path: reached by the shortest path.
  Deck.prototype.goSlide = function (slide) {
    var node = slide.split("--")[0];
    if (!this.nodes[node]) { node = this.data.start; slide = node; }
    var sub = Math.max(0, this.nodes[node].slides.indexOf(slide));
    // Already on the way: go back along it; else the shortest way from the start.
    var at = this.path.indexOf(node);
    if (at >= 0) {
      this.path = this.path.slice(0, at + 1);
      this.keys = this.keys.slice(0, at);
    } else {
      var way = this.nodes[node].way; // compiled: gammaflow's shortest path
      this.path = way.nodes.slice();
      this.keys = way.keys.slice();
    }
    this.scenario = null;
    this.practice = null;
    this.sub = sub;
  };

  /* ---- Moves ---- */

  Deck.prototype.next = function () {
    if (this.practice) return this.practiceNext();
    if (this.scenario !== null) {
      var total = this.scenarioSlides(this.scenario).length;
      if (this.k < total - 1) { this.setScenario(this.scenario, this.k + 1); return this.show(); }
      return this.say("Fin du scénario. R pour recommencer, S pour choisir un autre scénario.");
    }
    var node = this.nodes[this.node()];
    if (this.sub < node.slides.length - 1) { this.sub += 1; return this.show(); }
    if (node.choices.length === 1) return this.choose(0);
    if (!node.choices.length) return this.say("Fin du parcours. R pour recommencer, S pour choisir un scénario.");
    this.say("Choisissez une réponse\u00a0: touches 1 à " + Math.min(9, node.choices.length) + ".");
  };

  Deck.prototype.prev = function () {
    if (this.practice) return this.practiceGo(this.practice.k - 1);
    if (this.scenario !== null) {
      if (this.k > 0) { this.setScenario(this.scenario, this.k - 1); return this.show(); }
      return this.say("Début du scénario.");
    }
    if (this.sub > 0) { this.sub -= 1; return this.show(); }
    if (this.path.length > 1) {
      this.path.pop();
      this.keys.pop();
      this.sub = this.nodes[this.node()].slides.length - 1;
      return this.show();
    }
    this.say("Début de la procédure.");
  };

  Deck.prototype.choose = function (index) {
    if (this.practice) return this.practiceChoose(index);
    var id = this.node();
    var choice = this.nodes[id].choices[index];
    if (!choice) return this.say("Pas de réponse " + (index + 1) + " à cette étape.");
    if (this.scenario !== null) {
      var scenario = this.data.scenarios[this.scenario];
      var depth = this.path.length - 1;
      if (scenario.keys[depth] === choice.key) {
        var slides = this.scenarioSlides(this.scenario);
        var k = slides.findIndex(function (s) { return s.depth === depth + 1; });
        this.setScenario(this.scenario, k);
        return this.show();
      }
      this.scenario = null;
      this.pendingNotice = "Autre réponse que celle du scénario\u00a0: parcours libre.";
    }
    this.path.push(choice.to);
    this.keys.push(choice.key);
    this.sub = 0;
    this.show();
  };

  Deck.prototype.restart = function () {
    if (this.practice) return this.practiceGo(0, true);
    if (this.scenario !== null) this.setScenario(this.scenario, 0);
    else { this.path = [this.data.start]; this.keys = []; this.sub = 0; }
    this.show();
  };

  Deck.prototype.edge = function (last) {
    if (this.practice) return this.practiceGo(last ? Infinity : 0);
    if (this.scenario === null) return last ? this.say("Pas de dernière étape hors scénario\u00a0: choisissez les réponses.") : this.restart();
    this.setScenario(this.scenario, last ? Infinity : 0);
    this.show();
  };

  /* ---- Showing ---- */

  Deck.prototype.start = function () {
    this.goSlide(this.data.start);
    this.show(true);
  };

  Deck.prototype.show = function (entering) {
    var root = this.root;
    if (!this.on) {
      this.on = true;
      document.documentElement.classList.add("present-on");
      root.classList.toggle("show-notes", readJSON("localStorage", NOTES) === true);
      this.pressed("notes", root.classList.contains("show-notes"));
      this.scrollBefore = window.scrollY;
      // The diagram's frame scrolls on the page; in the mode it does not: no tab stop.
      if (this.scroller) this.scroller.setAttribute("tabindex", "-1");
      entering = true;
    }
    var slideId = this.slideId();
    var hadFocus = this.slides.contains(document.activeElement) || document.activeElement === document.body || entering;
    var current = null;
    this.slides.querySelectorAll(".present-slide").forEach(function (slide) {
      var shown = slide.getAttribute("data-slide") === slideId;
      slide.hidden = !shown;
      if (shown) current = slide;
    });
    this.current = current;

    // Where, how far.
    var position = this.position();
    if (this.practice) {
      this.practiceBar(position);
    } else if (this.scenario !== null) {
      var scenario = this.data.scenarios[this.scenario];
      this.whereScenario(scenario);
      this.where.title = scenario.name;
      this.progress.textContent = "Étape " + position.k + " sur " + position.n;
      this.meter.style.width = (100 * position.k / position.n) + "%";
    } else {
      this.where.textContent = "Parcours libre";
      this.where.removeAttribute("title");
      this.progress.textContent = "Étape " + position.k;
      this.meter.style.width = "0";
    }
    var last = this.isLast();
    this.end.hidden = !last;
    this.end.textContent = last
      ? (this.practice ? "Fin du cas. R pour recommencer, S pour un autre cas." : this.scenario !== null ? "Fin du scénario. R pour recommencer, S pour un autre scénario." : "Fin du parcours. R pour recommencer.")
      : "";
    this.markChoices();
    this.trace();
    this.fit();
    this.place(!entering);

    var hash = this.hash();
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
    var title = current ? current.querySelector(".present-title").textContent : "";
    this.say((this.pendingNotice ? this.pendingNotice + " " : "") + this.progress.textContent + "\u00a0: " + title);
    this.pendingNotice = "";
    if (hadFocus && current && !this.dialogOpen()) current.querySelector(".present-title").focus({ preventScroll: true });
  };

  // « Scénario N : <its way> → <its end> »: the way may be cut (…), never the end.
  Deck.prototype.whereScenario = function (scenario) {
    var way = document.createElement("span");
    var end = document.createElement("span");
    way.className = "present-where__way";
    end.className = "present-where__end";
    way.textContent = "Scénario " + (this.scenario + 1) + "\u00a0: " + scenario.way;
    end.textContent = (scenario.way ? " → " : "") + scenario.end_title;
    this.where.replaceChildren(way, end);
  };

  Deck.prototype.position = function () {
    if (this.practice) return { k: this.practice.k + 1, n: this.practiceSlides().length };
    if (this.scenario !== null) return { k: this.k + 1, n: this.scenarioSlides(this.scenario).length };
    var nodes = this.nodes;
    var k = this.sub + 1;
    this.path.slice(0, -1).forEach(function (id) { k += nodes[id].slides.length; });
    return { k: k, n: null };
  };

  Deck.prototype.isLast = function () {
    if (this.practice) return this.practice.k === this.practiceSlides().length - 1;
    if (this.scenario !== null) return this.k === this.scenarioSlides(this.scenario).length - 1;
    var node = this.nodes[this.node()];
    return !node.choices.length && this.sub === node.slides.length - 1;
  };

  // In a scenario, the answer it takes is marked.
  Deck.prototype.markChoices = function () {
    if (this.practice) return this.practiceMark();
    var planned = null;
    if (this.scenario !== null) planned = this.data.scenarios[this.scenario].keys[this.path.length - 1] || null;
    this.slides.querySelectorAll(".present-choice").forEach(function (button) {
      var on = planned !== null && button.getAttribute("data-key") === planned && !button.closest("[hidden]");
      button.classList.toggle("is-planned", on);
      if (on) button.setAttribute("aria-describedby", "present-planned"); else button.removeAttribute("aria-describedby");
    });
  };

  Deck.prototype.untrace = function () {
    if (this.svg) window.GammaDiagram.clear(this.svg);
  };

  // The path so far on the diagram, the current box, the answers from here
  // (numbered by the keys that take them), with the ids the compiler gave them.
  Deck.prototype.trace = function () {
    if (!this.svg) return;
    var nodes = this.nodes;
    var keys = this.keys;
    var node = nodes[this.node()];
    var boxes = this.pathBoxes();
    var here = boxes[boxes.length - 1];
    var visited = [];
    var taken = [];
    this.path.forEach(function (id, i) {
      visited.push(boxes[i]);
      if (i < keys.length) {
        var followed = nodes[id].choices.filter(function (choice) { return choice.key === keys[i]; })[0];
        if (followed) taken.push(followed.edges[boxes[i]] || followed.edge);
      }
    });
    // Inside an outcome: its steps so far.
    for (var s = 1; s <= this.sub; s += 1) {
      visited.push(node.boxes[s]);
      if (s < this.sub) taken.push(node.step_edges[s - 1]);
    }
    window.GammaDiagram.draw(this.svg, {
      current: this.shownBox(),
      visited: visited,
      taken: taken,
      next: node.choices.map(function (choice) { return choice.box; }),
      options: node.choices.map(function (choice) { return choice.edges[here] || choice.edge; }),
      keys: node.choices.length > 1,
    });
  };

  // Where each box is on the SVG at its own size (CSS pixels), measured once.
  Deck.prototype.measure = function () {
    var svg = this.svg;
    var screen = svg.getScreenCTM();
    if (!screen) return null;
    var inverse = screen.inverse();
    var viewBox = svg.viewBox.baseVal;
    var width = svg.width.baseVal.value;
    var height = svg.height.baseVal.value;
    var scale = viewBox && viewBox.width ? width / viewBox.width : 1;
    var boxes = {};
    svg.querySelectorAll("g[id^='n-']").forEach(function (group) {
      var box = group.getBBox();
      var matrix = inverse.multiply(group.getScreenCTM());
      var corners = [[box.x, box.y], [box.x + box.width, box.y + box.height]].map(function (c) {
        var point = svg.createSVGPoint();
        point.x = c[0];
        point.y = c[1];
        point = point.matrixTransform(matrix);
        return [(point.x - (viewBox ? viewBox.x : 0)) * scale, (point.y - (viewBox ? viewBox.y : 0)) * scale];
      });
      boxes[group.id.slice(2)] = {
        x: Math.min(corners[0][0], corners[1][0]), y: Math.min(corners[0][1], corners[1][1]),
        w: Math.abs(corners[1][0] - corners[0][0]), h: Math.abs(corners[1][1] - corners[0][1]),
      };
    });
    return { boxes: boxes, width: width, height: height };
  };

  // Scale the diagram for the room and centre the current box in the pane.
  Deck.prototype.place = function (animate) {
    if (!this.on || !this.svg || this.printing) return;
    if (!this.boxes) this.boxes = this.measure();
    if (!this.boxes) return;
    var paneWidth = this.pane.clientWidth;
    var paneHeight = this.pane.clientHeight;
    if (!paneWidth || !paneHeight) return;
    var all = this.boxes;
    var scale;
    var cx;
    var cy;
    if (this.overview) {
      scale = 0.96 * Math.min(paneWidth / all.width, paneHeight / all.height);
      cx = all.width / 2;
      cy = all.height / 2;
    } else {
      var box = all.boxes[this.shownBox().slice(2)] || all.boxes[this.slideId()];
      var font = parseFloat(getComputedStyle(this.root).fontSize) || 24;
      // Labels are 13 pt (17.3 px) at scale 1: shown at about 0.85 of the body type.
      scale = (0.85 * font) / 17.33;
      if (box) scale = Math.min(scale, 0.9 * paneWidth / box.w, 0.9 * paneHeight / box.h);
      cx = box ? box.x + box.w / 2 : all.width / 2;
      cy = box ? box.y + box.h / 2 : all.height / 2;
    }
    var x = paneWidth / 2 - cx * scale;
    var y = paneHeight / 2 - cy * scale;
    this.root.classList.toggle("is-settling", !animate);
    this.svg.style.transform = "translate(" + x.toFixed(1) + "px, " + y.toFixed(1) + "px) scale(" + scale.toFixed(4) + ")";
    if (!animate) {
      void this.svg.getBoundingClientRect();
      var root = this.root;
      requestAnimationFrame(function () { root.classList.remove("is-settling"); });
    }
  };

  // A slide that would overflow gets denser spacing (the type stays as large).
  Deck.prototype.fit = function () {
    if (!this.on) return;
    var slides = this.slides;
    slides.classList.remove("is-dense");
    if (slides.scrollHeight > slides.clientHeight + 1) slides.classList.add("is-dense");
  };

  Deck.prototype.say = function (message) {
    var status = this.status;
    status.textContent = "";
    requestAnimationFrame(function () { status.textContent = message; });
  };

  Deck.prototype.pressed = function (action, on) {
    var button = this.root.querySelector("[data-action='" + action + "']");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  };

  Deck.prototype.focusSlide = function () {
    if (this.current) this.current.querySelector(".present-title").focus({ preventScroll: true });
  };

  /* ---- Toggles and windows ---- */

  Deck.prototype.toggleOverview = function () {
    this.overview = !this.overview;
    this.root.classList.toggle("is-overview", this.overview);
    this.pressed("overview", this.overview);
    this.place(true);
    this.say(this.overview ? "Vue d’ensemble du logigramme. O pour revenir à l’étape." : "Retour à l’étape.");
  };

  Deck.prototype.toggleNotes = function () {
    var on = !this.root.classList.contains("show-notes");
    this.root.classList.toggle("show-notes", on);
    writeJSON("localStorage", NOTES, on);
    this.pressed("notes", on);
    this.fit();
    this.say(on ? "Notes du formateur affichées." : "Notes du formateur masquées.");
  };

  Deck.prototype.setBlank = function (on) {
    this.blank.hidden = !on;
    this.say(on ? "Écran noir. Une touche pour le rallumer." : "Écran rallumé.");
  };

  Deck.prototype.toggleFullscreen = function () {
    var self = this;
    var refused = function () { self.say("Le navigateur refuse le plein écran\u00a0: essayez la touche F11."); };
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen().catch(function () {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(refused);
    } else {
      refused();
    }
  };

  Deck.prototype.dialogOpen = function () {
    if (this.keysDialog.open) return this.keysDialog;
    if (this.scenariosDialog.open) return this.scenariosDialog;
    return null;
  };

  Deck.prototype.openDialog = function (dialog) {
    var open = this.dialogOpen();
    if (open) open.close();
    if (open === dialog) return;
    if (dialog === this.scenariosDialog) {
      var currentId = this.practice ? "cas-" + this.practiceCase().id : this.scenario !== null ? this.data.scenarios[this.scenario].id : null;
      var focus = null;
      dialog.querySelectorAll(".present-pick").forEach(function (pick) {
        var mine = currentId !== null && pick.hash === "#" + currentId;
        if (mine) { pick.setAttribute("aria-current", "true"); focus = pick; } else pick.removeAttribute("aria-current");
      });
      dialog.showModal();
      (focus || dialog.querySelector(".present-pick")).focus();
    } else {
      dialog.showModal();
      dialog.querySelector("[data-action='close']").focus();
    }
  };

  // Digits typed in the scenarios' window: the scenario of that number opens
  // at once when no other number begins with the digits typed (« 5 », « 12 »);
  // otherwise (« 1 » of 1, 10 to 18) it takes the focus, for Entrée or a second digit.
  Deck.prototype.pickByNumber = function (digit) {
    var self = this;
    var picks = Array.prototype.slice.call(this.scenariosDialog.querySelectorAll(".present-pick"));
    var number = function (pick) { var num = pick.querySelector(".present-pick__num"); return num ? num.textContent.trim() : ""; };
    var typed = (this.typedNumber || "") + digit;
    if (!picks.some(function (pick) { return number(pick).indexOf(typed) === 0; })) typed = digit;
    window.clearTimeout(this.typedTimer);
    this.typedTimer = window.setTimeout(function () { self.typedNumber = ""; }, 1500);
    var exact = picks.filter(function (pick) { return number(pick) === typed; })[0];
    var longer = picks.some(function (pick) { return number(pick) !== typed && number(pick).indexOf(typed) === 0; });
    this.typedNumber = typed;
    if (!exact) { this.typedNumber = ""; return this.say("Pas de scénario " + typed + "."); }
    if (longer) { exact.focus(); return this.say("Scénario " + typed + "\u00a0: Entrée pour l’ouvrir, ou un second chiffre."); }
    this.typedNumber = "";
    this.scenariosDialog.close();
    this.route(exact.hash, true);
  };

  Deck.prototype.act = function (action) {
    switch (action) {
      case "prev": return this.prev();
      case "next": return this.next();
      case "scenarios": return this.openDialog(this.scenariosDialog);
      case "keys": return this.openDialog(this.keysDialog);
      case "overview": return this.toggleOverview();
      case "notes": return this.toggleNotes();
      case "fullscreen": return this.toggleFullscreen();
      case "leave": return this.leave();
      case "close": { var open = this.dialogOpen(); if (open) open.close(); return undefined; }
      default: return undefined;
    }
  };

  // Échap: back to the page one came from, or to this page as a page.
  Deck.prototype.leave = function () {
    var open = this.dialogOpen();
    if (open) open.close();
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    if (this.back) {
      var record = readJSON("sessionStorage", RETURN);
      if (!record || record.url !== this.back) record = { url: this.back, y: 0 };
      record.back = true;
      writeJSON("sessionStorage", RETURN, record);
      location.assign(this.back);
      return;
    }
    this.on = false;
    this.blank.hidden = true;
    if (this.overview) this.toggleOverview();
    document.documentElement.classList.remove("present-on");
    this.untrace();
    if (this.svg) this.svg.style.transform = "";
    if (this.scroller) this.scroller.setAttribute("tabindex", "0");
    history.replaceState(history.state, "", location.pathname + location.search);
    var start = document.querySelector(".present-start a") || document.querySelector("a[data-present-enter]");
    window.scrollTo(0, this.scrollBefore || 0);
    if (start) start.focus({ preventScroll: true });
  };

  /* ---- Keys ---- */

  Deck.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var key = event.key;
    var target = event.target;
    var stop = function (prevent) {
      if (prevent) event.preventDefault();
      event.stopPropagation();
    };
    var dialog = this.dialogOpen();
    if (dialog) {
      stop(false);
      if (key === "Escape" || (key === "?" && dialog === this.keysDialog) || ((key === "s" || key === "S") && dialog === this.scenariosDialog)) {
        event.preventDefault();
        dialog.close();
      } else if (dialog === this.scenariosDialog && /^[0-9]$/.test(key)) {
        event.preventDefault();
        this.pickByNumber(key);
      } else if (dialog === this.scenariosDialog && (key === "ArrowDown" || key === "ArrowUp")) {
        event.preventDefault();
        var picks = Array.prototype.slice.call(dialog.querySelectorAll(".present-pick"));
        var at = picks.indexOf(document.activeElement);
        var next = key === "ArrowDown" ? Math.min(picks.length - 1, at + 1) : Math.max(0, at - 1);
        picks[next].focus();
      }
      return;
    }
    if (editable(target)) {
      if (key === "Escape") { stop(true); target.blur(); this.focusSlide(); }
      return;
    }
    if (!this.blank.hidden) {
      if (key === "Shift" || key === "Tab") return;
      stop(true);
      this.setBlank(false);
      return;
    }
    // (A <summary>: a slide's folded local contacts, opened with Space or Enter.)
    var onControl = target && target.closest && target.closest("button, a[href], summary");
    if ((key === " " || key === "Enter") && onControl) return;
    if (key === "Tab" || key === "Shift") return;
    stop(false);
    var handled = true;
    switch (key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": this.next(); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace": this.prev(); break;
      case "Home": this.edge(false); break;
      case "End": this.edge(true); break;
      case "r": case "R": this.restart(); break;
      case "o": case "O": this.toggleOverview(); break;
      case "b": case "B": case ".": this.setBlank(true); break;
      case "n": case "N": this.toggleNotes(); break;
      case "f": case "F": this.toggleFullscreen(); break;
      case "s": case "S": this.openDialog(this.scenariosDialog); break;
      case "v": case "V": if (this.practice) this.practiceReveal(); else handled = false; break;
      case "?": this.openDialog(this.keysDialog); break;
      case "Escape":
        if (this.overview) this.toggleOverview(); else this.leave();
        break;
      default:
        if (/^[1-9]$/.test(key)) this.choose(Number(key) - 1); else handled = false;
    }
    if (handled) event.preventDefault();
  };

  // The « cas pratiques » add their slides' moves to the deck (present-cases.js, loaded next).
  window.GammaPresentDeck = Deck;

  /* ---- Wiring ---------------------------------------------------------- */

  document.addEventListener("keydown", function (event) {
    if (deck && deck.on) { deck.key(event); return; }
    if (event.key === "P" && event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey
        && !event.isComposing && !editable(event.target) && !searchOpen()) {
      event.preventDefault();
      event.stopPropagation();
      enter();
    }
  });

  // Links into the mode: the « Présenter » button and, on the presentation
  // page, the start and scenario links. Handled here, before instant navigation.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[data-present-enter], a[data-present-go]");
    if (!link) return;
    if (link.hasAttribute("data-present-go") && !deck) return;
    event.preventDefault();
    event.stopPropagation();
    if (link.hasAttribute("data-present-enter")) { enter(); return; }
    var open = deck.dialogOpen();
    if (open) open.close();
    // link.hash, not the attribute: mkdocs-material makes every href absolute.
    deck.route(link.hash, true);
  }, true);

  window.addEventListener("hashchange", function () {
    if (deck) deck.route(location.hash, false);
  });

  // A new address that differs only by its hash (typed, or back and forward)
  // is a move in the presentation: keep instant navigation from fetching the
  // page again (it listens to popstate on window, after this capturing listener).
  window.addEventListener("popstate", function (event) {
    if (!deck || location.pathname + location.search !== deck.page) return;
    if (deck.on || /^#(etape-|noeud-|scenario-\d|cas-|presentation$)/.test(location.hash)) event.stopImmediatePropagation();
  }, true);

  function mount() {
    var root = document.getElementById("presentation");
    if (deck && deck.root !== root) { deck.destroy(); deck = null; }
    if (root && !deck && root.querySelector("#presentation-data")) deck = new Deck(root);
    restoreReturn();
  }

  // Mount once the page is parsed, and again each time instant navigation
  // swaps the content (document$). Both: from file://, mkdocs-material turns
  // instant navigation off and its document$ completes without emitting.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
})();
