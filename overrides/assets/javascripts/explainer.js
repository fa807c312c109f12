/* Run fn on every page the reader opens: with Material's instant navigation (document$) on
 * each navigation, without it once the document is ready. */
window.jrOnEachPage = function (fn) {
  "use strict";
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(fn);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn);
  } else {
    fn();
  }
};

/* Timeline filters: an enhancement of the no-JavaScript filter index on the timeline page.
 *
 * Without this script the timeline is complete, and the "Events by actor, theme and plan
 * area" sections list each filter's events. With it, the filter form appears, the list and
 * the picture are narrowed in place, and the state lives in the query string
 * (?actor=…&theme=…&plan=…) so a filtered view can be shared or bookmarked. Links to a
 * filter section (#filter-actor-…) become filters too. No network, no libraries.
 * Works with Material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";
  var KINDS = ["actor", "theme", "plan"];
  var DATA = { actor: "actors", theme: "themes", plan: "plan" };
  var current = null; // the timeline page's controller; page-wide listeners are added once

  function live() { return current && document.body.contains(current.form) ? current : null; }

  document.addEventListener("click", function (ev) {
    var c = live();
    var a = c && ev.target.closest && ev.target.closest("a[data-filter][data-value]");
    if (!a || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    var state = c.read();
    state[a.getAttribute("data-filter")] = a.getAttribute("data-value");
    c.go(state, true);
  });
  window.addEventListener("popstate", function () {
    var c = live();
    if (c) c.apply(c.read());
  });
  window.addEventListener("hashchange", function () {
    var c = live();
    if (c && /^#filter-/.test(window.location.hash)) c.fromHash();
  });

  function has(el, kind, value) {
    return (" " + (el.getAttribute("data-" + DATA[kind]) || "") + " ").indexOf(" " + value + " ") >= 0;
  }

  function init() {
    var form = document.getElementById("jr-filter");
    if (!form || form.getAttribute("data-jr-ready")) return;
    form.setAttribute("data-jr-ready", "1");
    var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
    var events = all("article.jr-tl-event");
    var marks = all(".jr-tl-svg .jr-svg-mark");
    var entry = {}; // a picture mark's entry in the list, by event id: the mark carries no filter data of its own
    events.forEach(function (el) { entry[el.id.replace(/^event-/, "")] = el; });
    var months = all("section.jr-tl-month");
    var headings = all("h2.jr-tl-era, h3.jr-tl-year");
    var status = document.getElementById("jr-filter-status");
    var empty = document.getElementById("jr-filter-empty");
    var index = document.querySelector(".jr-filter-index");
    var box = document.getElementById("filters") || form;
    var selects = {};
    KINDS.forEach(function (k) { selects[k] = form.querySelector("select[name='" + k + "']"); });

    function label(kind, value) {
      var s = selects[kind];
      for (var i = 0; i < s.options.length; i++) {
        if (s.options[i].value === value) return s.options[i].text.replace(/\s*\(\d+\)$/, "");
      }
      return null;
    }

    function read() {
      var params = new URLSearchParams(window.location.search);
      var state = {};
      KINDS.forEach(function (k) {
        var v = params.get(k);
        if (v && label(k, v) !== null) state[k] = v;
      });
      var m = /^#filter-(actor|theme|plan)-([a-z0-9-]+)$/.exec(window.location.hash);
      if (m && label(m[1], m[2]) !== null) state[m[1]] = m[2];
      return state;
    }

    function url(state) {
      var params = new URLSearchParams(window.location.search);
      KINDS.forEach(function (k) { if (state[k]) params.set(k, state[k]); else params.delete(k); });
      var q = params.toString();
      return window.location.pathname + (q ? "?" + q : "");
    }

    var narrowed = false; // whether the page shows a filtered view: until then, showing all is a no-op

    function apply(state) {
      KINDS.forEach(function (k) { selects[k].value = state[k] || ""; });
      var active = KINDS.filter(function (k) { return state[k]; });
      var shown = events.length;
      if (active.length || narrowed) narrow(state, active);
      if (active.length) shown = events.filter(function (el) { return !el.hidden; }).length;
      narrowed = active.length > 0;
      if (empty) empty.hidden = shown > 0;
      if (status) {
        status.textContent = active.length
          ? "Showing " + shown + " of " + events.length + " events: " +
            active.map(function (k) { return label(k, state[k]); }).join(", ") + "."
          : "Showing all " + events.length + " events.";
      }
    }

    function narrow(state, active) {
      events.forEach(function (el) {
        el.hidden = !active.every(function (k) { return has(el, k, state[k]); });
      });
      marks.forEach(function (el) {
        var listed = entry[el.getAttribute("data-event")];
        el.classList.toggle("jr-dim", !!listed && listed.hidden);
      });
      months.forEach(function (el) {
        el.hidden = !el.querySelector("article.jr-tl-event:not([hidden])");
      });
      headings.forEach(function (h) {
        var level = h.tagName, visible = false, el = h.nextElementSibling;
        while (el && !(el.tagName === "H2" || (level === "H3" && el.tagName === "H3"))) {
          if (el.matches("section.jr-tl-month") && !el.hidden) { visible = true; break; }
          el = el.nextElementSibling;
        }
        h.hidden = !visible;
      });
      all(".jr-chip[data-filter]").forEach(function (a) {
        a.setAttribute("aria-pressed", state[a.getAttribute("data-filter")] === a.getAttribute("data-value") ? "true" : "false");
      });
    }

    function go(state, scroll) {
      var target = url(state);
      if (target !== window.location.pathname + window.location.search || window.location.hash) {
        window.history.pushState(state, "", target);
      }
      apply(state);
      if (scroll) box.scrollIntoView({ block: "start" });
    }

    form.hidden = false;
    if (index) index.hidden = true;
    form.addEventListener("change", function () {
      var state = {};
      KINDS.forEach(function (k) { if (selects[k].value) state[k] = selects[k].value; });
      go(state, false);
    });
    form.addEventListener("reset", function (ev) { ev.preventDefault(); go({}, false); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    function fromHash() {
      var state = read();
      window.history.replaceState(state, "", url(state));
      apply(state);
      box.scrollIntoView({ block: "start" });
    }

    current = { form: form, read: read, go: go, apply: apply, fromHash: fromHash };

    if (/^#filter-/.test(window.location.hash)) fromHash();
    else apply(read());
  }

  window.jrOnEachPage(init);
})();

/* A listing split over pages (a long timeline, sources, glossary): the first page carries
 * #jr-moved, which says which page now holds each entry. A link made before the split
 * (/timeline/#event-…, /sources/#source-…) whose entry is not on this page goes on to the
 * page that holds it. Without JavaScript the page's visible note and list of pages tell where.
 */
(function () {
  "use strict";
  function follow() {
    var map = document.getElementById("jr-moved");
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!map || !id || document.getElementById(id)) return;
    var pages = map.querySelectorAll("span[data-page][data-ids]");
    for (var i = 0; i < pages.length; i++) {
      if ((" " + pages[i].getAttribute("data-ids") + " ").indexOf(" " + id + " ") >= 0) {
        var target = new URL(pages[i].getAttribute("data-page"), window.location.href);
        target.hash = id;
        window.location.replace(target.href);
        return;
      }
    }
  }
  window.addEventListener("hashchange", follow);
  window.jrOnEachPage(follow);
})();
