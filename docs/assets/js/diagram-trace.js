// Draws a reader's path on the diagram (the Graphviz SVG inlined by
// scripts/templates/diagram.html), for the assistant (assistant.mjs), the
// cases (cases.js) and the presentation mode (present.js). A classic script, so that the presentation
// mode, which must work from file://, can use it too.
//
// It knows no procedure: the element ids come from the compiled flow
// (assistant.json's "diagram" ids, gammaflow.assistant's views, the
// presentation's data). One class vocabulary, styled in site.css (and
// present.css for the projector):
//   is-current  the step shown          is-visited  a step already passed
//   is-taken    an arrow followed       is-option   an arrow one can take now
//   is-next     a step one answer away  is-closed   an arrow left behind
//   is-dimmed   no longer reachable     is-link     a step one can click back to
// and badges: « Vous êtes ici », step numbers, answer keys.

(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var CLASSES = ["is-current", "is-visited", "is-taken", "is-option", "is-next", "is-closed", "is-dimmed", "is-link"];

  function byId(svg, id) {
    return svg.getElementById ? svg.getElementById(id) : svg.querySelector("[id='" + String(id).replace(/'/g, "") + "']");
  }

  function element(tag, attributes, text) {
    var created = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { created.setAttribute(name, String(attributes[name])); });
    if (text) created.textContent = text;
    return created;
  }

  function clear(svg) {
    CLASSES.forEach(function (name) {
      svg.querySelectorAll("." + name).forEach(function (marked) { marked.classList.remove(name); });
    });
    svg.querySelectorAll(".trace-badge").forEach(function (badge) { badge.remove(); });
  }

  // A label beside a box ("here": « Vous êtes ici », "number": a step number)
  // or by an arrow ("key": the key that takes it), in the diagram's coordinates.
  function badge(svg, id, text, kind) {
    var target = byId(svg, id);
    if (!target) return;
    var box;
    try {
      var label = kind === "key" ? target.querySelector("text") : null;
      box = (label || target).getBBox();
    } catch (error) { return; }
    var group = element("g", { class: "trace-badge trace-badge--" + kind, "aria-hidden": "true" });
    var words = element("text", { "font-size": kind === "here" ? 12 : 11, "font-weight": 700 }, text);
    group.appendChild(words);
    target.parentNode.appendChild(group);
    var size = words.getBBox();
    var width = size.width + 10;
    var height = size.height + 4;
    var x;
    var y;
    if (kind === "here") {
      // A tab on the box's top edge (left, then right end), else on its bottom
      // edge, else beside it: the first place that covers no other box nor
      // label and stays in the drawing (the ranks are close: the gap above may
      // be narrow, and the first box has nothing above it).
      var place = freePlace(svg, target, box, width, height);
      x = place.x;
      y = place.y;
    } else if (kind === "key") {
      width = Math.max(width, height);
      x = box.x - width - 4;
      y = box.y + box.height / 2 - height / 2;
    } else {
      x = box.x - width / 2 + 2;
      y = box.y - height / 2 + 2;
    }
    group.insertBefore(element("rect", { x: x, y: y, width: width, height: height, rx: kind === "here" ? 4 : height / 2 }), words);
    words.setAttribute("x", x + width / 2);
    words.setAttribute("y", y + height / 2);
    words.setAttribute("text-anchor", "middle");
    words.setAttribute("dominant-baseline", "central");
  }

  // The first of the tab's places around box that overlaps no other box or
  // label, in the coordinates of the box's parent group (Graphviz's graph,
  // itself moved by a transform: the drawing's top is not y = 0 there).
  function freePlace(svg, target, box, width, height) {
    var parent = target.parentNode;
    var view = svg.viewBox && svg.viewBox.baseVal;
    var shift = parent.transform && parent.transform.baseVal.consolidate();
    var m = shift ? shift.matrix : { e: 0, f: 0 };
    var top = view ? view.y - m.f : -Infinity;
    var bottom = view ? view.y + view.height - m.f : Infinity;
    var places = [
      { x: box.x + 4, y: box.y - height - 2 },
      { x: box.x + box.width - width - 4, y: box.y - height - 2 },
      { x: box.x + 4, y: box.y + box.height + 2 },
      { x: box.x + box.width - width - 4, y: box.y + box.height + 2 },
      { x: box.x - width - 4, y: box.y + box.height / 2 - height / 2 },
      { x: box.x + box.width + 4, y: box.y + box.height / 2 - height / 2 },
    ];
    var others = [];
    parent.querySelectorAll(":scope > g.node, :scope > g.edge text").forEach(function (other) {
      if (other === target || target.contains(other)) return;
      try { others.push(other.getBBox()); } catch (error) { /* not drawn */ }
    });
    function free(place) {
      if (place.y < top || place.y + height > bottom) return false;
      return others.every(function (o) {
        return place.x + width <= o.x || o.x + o.width <= place.x || place.y + height <= o.y || o.y + o.height <= place.y;
      });
    }
    for (var i = 0; i < places.length; i++) if (free(places[i])) return places[i];
    return places[0].y >= top ? places[0] : places[2];
  }

  // trace: {current, visited, taken, options, next, closed, dimmed: [element ids],
  //         links: {element id: node id}, numbers: bool, keys: bool}
  function draw(svg, trace) {
    if (!svg) return;
    clear(svg);
    var mark = function (ids, name) {
      (ids || []).forEach(function (id) { var found = byId(svg, id); if (found) found.classList.add(name); });
    };
    mark(trace.visited, "is-visited");
    mark(trace.taken, "is-taken");
    mark(trace.options, "is-option");
    mark(trace.next, "is-next");
    mark(trace.closed, "is-closed");
    mark(trace.dimmed, "is-dimmed");
    Object.keys(trace.links || {}).forEach(function (id) {
      var found = byId(svg, id);
      if (!found) return;
      found.classList.add("is-link");
      found.dataset.node = trace.links[id];
    });
    if (trace.numbers) (trace.visited || []).forEach(function (id, index) { badge(svg, id, String(index + 1), "number"); });
    if (trace.keys) (trace.options || []).forEach(function (id, index) { if (index < 9) badge(svg, id, String(index + 1), "key"); });
    if (trace.current) {
      mark([trace.current], "is-current");
      if (trace.here) badge(svg, trace.current, trace.here, "here");
    }
  }

  // A diagram beside a walk (the assistant, the cases) follows the reader at
  // its own, legible size: centre() brings the current step into view inside
  // the diagram's own scroll box (never scrolling the page); follow() makes
  // « Voir tout le schéma » shrink it to its column, and back.
  function centre(figure) {
    var box = figure && figure.querySelector(".flow-diagram__scroll");
    var current = box && box.querySelector(".is-current");
    if (!current) return;
    var outer = box.getBoundingClientRect();
    var inner = current.getBoundingClientRect();
    box.scrollTo({
      left: Math.max(0, inner.left - outer.left + box.scrollLeft - (outer.width - inner.width) / 2),
      top: Math.max(0, inner.top - outer.top + box.scrollTop - (outer.height - inner.height) / 2),
    });
  }

  function follow(figure) {
    var button = figure && figure.querySelector(".flow-diagram__zoom-button");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    figure.classList.add("is-following");
    button.addEventListener("click", function () {
      var whole = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(whole));
      figure.classList.toggle("is-following", !whole);
      centre(figure);
    });
  }

  window.GammaDiagram = { draw: draw, clear: clear, centre: centre, follow: follow };
})();
