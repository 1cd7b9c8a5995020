// Zoom and pan for the diagram where it stands alone (the Logigramme page):
// the whole chart fits the screen by default; the buttons « Agrandir »,
// « Réduire », « Ajuster à l’écran », the keys + − 0 and the arrows (when the
// chart has the focus), Ctrl + wheel (a trackpad's pinch too), a drag and a
// two-finger pinch change the view. Plain wheel scrolls the page, never
// trapped by the chart. A classic script (works from file://), no library:
// it only changes the SVG's viewBox, so the text stays sharp at every size.
//
// It knows no procedure. The assistant's and the presentation's diagrams
// have their own views (assistant.mjs, present.js): they are left alone.

(function () {
  "use strict";

  var STEP = 1.25;        // one press of + or −
  var MAX = 4;            // CSS px per diagram unit (pt): 3 times its natural size
  var PAN = 0.15;         // an arrow moves the view by this share of its size

  function Zoom(figure) {
    this.figure = figure;
    this.region = figure.querySelector(".flow-diagram__scroll");
    this.svg = this.region.querySelector("svg");
    var box = this.svg.viewBox.baseVal;
    this.chart = { x: box.x, y: box.y, w: box.width, h: box.height };
    this.pointers = new Map();
  }

  Zoom.prototype.mount = function () {
    var self = this;
    var figure = this.figure;
    var region = this.region;
    figure.classList.add("is-zoomable");
    figure.querySelector("[data-zoom-tools]").hidden = false;
    region.setAttribute("role", "group");
    region.setAttribute("aria-label", "Logigramme\u00a0: touches + et − pour agrandir ou réduire, flèches pour se déplacer, 0 pour tout le schéma");
    region.setAttribute("aria-describedby", "logigramme-aide");
    // The frame keeps the chart's shape, as large as the screen allows (site.css caps its height).
    region.style.aspectRatio = this.chart.w + " / " + this.chart.h;
    this.svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    figure.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () { self.act(button.getAttribute("data-zoom")); });
    });
    region.addEventListener("keydown", function (event) { self.key(event); });
    region.addEventListener("wheel", function (event) { self.wheel(event); }, { passive: false });
    region.addEventListener("pointerdown", function (event) { self.down(event); });
    region.addEventListener("pointermove", function (event) { self.move(event); });
    ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (name) {
      region.addEventListener(name, function (event) { self.up(event); });
    });
    this.widen();
    if (window.ResizeObserver) {
      new ResizeObserver(function () { self.refit(); }).observe(region);
      new ResizeObserver(function () { self.widen(); }).observe(figure);
    }
    // Printed: the whole chart, whatever the view on the screen.
    // The page is laid out anew for the paper: the view must not follow it.
    var whole = this.svg.getAttribute("viewBox");
    window.addEventListener("beforeprint", function () { self.printing = true; self.svg.setAttribute("viewBox", whole); });
    window.addEventListener("afterprint", function () { self.printing = false; self.widen(); self.refit(); });
    this.fit();
    if (window.performance && performance.mark) performance.mark("diagram:fitted");  // benchmarks/diagram.py
  };

  // The page has no table of contents: the chart and its tools take the room
  // on the right of the text column too, up to the window's edge (less the
  // column's own margin), never more (the page must not scroll sideways).
  Zoom.prototype.widen = function () {
    if (this.printing) return;
    var column = this.figure.getBoundingClientRect();
    var margin = Math.min(column.left, 16);
    var width = Math.max(column.width, document.documentElement.clientWidth - column.left - margin);
    var wide = Math.floor(width) + "px";
    if (this.region.style.width === wide) return;
    this.region.style.width = wide;
    this.figure.querySelector("[data-zoom-tools]").style.width = wide;
  };

  // The region's size in CSS px.
  Zoom.prototype.size = function () {
    return { w: this.region.clientWidth || 1, h: this.region.clientHeight || 1 };
  };

  Zoom.prototype.fitScale = function () {
    var size = this.size();
    return Math.min(size.w / this.chart.w, size.h / this.chart.h);
  };

  // scale: CSS px per diagram unit; cx, cy: the diagram point at the region's centre.
  Zoom.prototype.show = function (scale, cx, cy) {
    var size = this.size();
    var fit = this.fitScale();
    scale = Math.max(fit, Math.min(Math.max(MAX, fit), scale));
    var w = size.w / scale;
    var h = size.h / scale;
    var chart = this.chart;
    // Keep the chart in view: centred on an axis where it fits, its edges no further in than the frame's.
    cx = w >= chart.w ? chart.x + chart.w / 2 : Math.max(chart.x + w / 2, Math.min(chart.x + chart.w - w / 2, cx));
    cy = h >= chart.h ? chart.y + chart.h / 2 : Math.max(chart.y + h / 2, Math.min(chart.y + chart.h - h / 2, cy));
    this.scale = scale;
    this.cx = cx;
    this.cy = cy;
    this.svg.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].map(function (n) { return n.toFixed(2); }).join(" "));
    var zoomed = scale > fit * 1.001;
    this.figure.classList.toggle("is-zoomed", zoomed);
    this.figure.querySelector("[data-zoom='out']").disabled = !zoomed;
    this.figure.querySelector("[data-zoom='fit']").disabled = !zoomed;
    this.figure.querySelector("[data-zoom='in']").disabled = scale >= Math.max(MAX, fit) * 0.999;
  };

  Zoom.prototype.fit = function () {
    this.show(this.fitScale(), this.chart.x + this.chart.w / 2, this.chart.y + this.chart.h / 2);
  };

  // After a resize: fitted stays fitted, a zoomed view keeps its centre and scale.
  Zoom.prototype.refit = function () {
    if (this.printing) return;
    if (!this.figure.classList.contains("is-zoomed")) this.fit();
    else this.show(this.scale, this.cx, this.cy);
  };

  // Zoom by factor around a point of the region (CSS px from its top left; its centre by default).
  Zoom.prototype.zoom = function (factor, px, py) {
    var size = this.size();
    if (px === undefined) { px = size.w / 2; py = size.h / 2; }
    var scale = this.scale;
    var next = Math.max(this.fitScale(), Math.min(Math.max(MAX, this.fitScale()), scale * factor));
    // The diagram point under (px, py) stays under it.
    var ux = this.cx + (px - size.w / 2) / scale;
    var uy = this.cy + (py - size.h / 2) / scale;
    this.show(next, ux - (px - size.w / 2) / next, uy - (py - size.h / 2) / next);
  };

  Zoom.prototype.pan = function (dx, dy) {
    this.show(this.scale, this.cx - dx / this.scale, this.cy - dy / this.scale);
  };

  Zoom.prototype.act = function (action) {
    if (action === "in") this.zoom(STEP);
    else if (action === "out") this.zoom(1 / STEP);
    else this.fit();
  };

  Zoom.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var size = this.size();
    var zoomed = this.figure.classList.contains("is-zoomed");
    var moves = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (event.key === "+" || event.key === "=") this.act("in");
    else if (event.key === "-" || event.key === "−" || event.key === "_") this.act("out");
    else if (event.key === "0") this.act("fit");
    else if (moves[event.key] && zoomed) this.pan(moves[event.key][0] * PAN * size.w, moves[event.key][1] * PAN * size.h);
    else return;  // arrows at the fitted size scroll the page, as elsewhere
    event.preventDefault();
  };

  // Ctrl + wheel (and a trackpad's pinch, which the browser sends as one) zooms
  // at the pointer; the plain wheel is the page's.
  Zoom.prototype.wheel = function (event) {
    if (!event.ctrlKey) return;
    event.preventDefault();
    var rect = this.region.getBoundingClientRect();
    this.zoom(Math.pow(1.0025, -event.deltaY), event.clientX - rect.left, event.clientY - rect.top);
  };

  Zoom.prototype.down = function (event) {
    if (event.button !== 0 && event.pointerType === "mouse") return;
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    // One finger on a fitted chart scrolls the page (touch-action, site.css); a drag pans a zoomed one.
    if (this.pointers.size === 1 && event.pointerType === "mouse" && !this.figure.classList.contains("is-zoomed")) return;
    try { this.region.setPointerCapture(event.pointerId); } catch (error) { /* not capturable: fine */ }
  };

  Zoom.prototype.move = function (event) {
    var last = this.pointers.get(event.pointerId);
    if (!last) return;
    var now = { x: event.clientX, y: event.clientY };
    if (this.pointers.size === 2) {
      var other = null;
      this.pointers.forEach(function (point, id) { if (id !== event.pointerId) other = point; });
      var before = Math.hypot(last.x - other.x, last.y - other.y);
      var after = Math.hypot(now.x - other.x, now.y - other.y);
      var rect = this.region.getBoundingClientRect();
      if (before > 0) this.zoom(after / before, (now.x + other.x) / 2 - rect.left, (now.y + other.y) / 2 - rect.top);
    } else if (this.pointers.size === 1 && this.figure.classList.contains("is-zoomed")) {
      this.pan(now.x - last.x, now.y - last.y);
      this.figure.classList.add("is-dragging");
    }
    this.pointers.set(event.pointerId, now);
  };

  Zoom.prototype.up = function (event) {
    this.pointers.delete(event.pointerId);
    if (!this.pointers.size) this.figure.classList.remove("is-dragging");
  };

  function mount() {
    document.querySelectorAll(".flow-diagram").forEach(function (figure) {
      if (figure.dataset.zoom || figure.closest(".assistant-layout, .present")) return;
      if (!figure.querySelector("[data-zoom-tools]") || !figure.querySelector(".flow-diagram__scroll svg")) return;
      figure.dataset.zoom = "1";
      new Zoom(figure).mount();
    });
  }

  // Once the page is parsed, and each time instant navigation swaps the
  // content (document$; from file:// it completes without emitting).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
})();
