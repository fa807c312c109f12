/* Material's script asks for the search index (search/search_index.json, about 230 KB
 * gzipped and a second of the search worker's CPU) and sitemap.xml as it starts, before the
 * page has been shown (issue 24: on the timeline Lighthouse's simulated phone counted that
 * download into the largest contentful paint). This script, loaded just before Material's,
 * holds those two requests until the page has painted and the browser is idle, or at once
 * when the reader opens the search; Material's requests then go ahead unchanged.
 * No network of its own, no libraries; without PerformanceObserver it waits for the load
 * event. */
(function () {
  "use strict";
  var HELD = /\/(search\/search_index\.json|sitemap\.xml)(\?|$)/;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open, send = proto.send;
  var held = [], released = false;

  function release() {
    if (released) return;
    released = true;
    held.forEach(function (h) { send.apply(h.xhr, h.args); });
    held = [];
  }
  proto.open = function (method, url) {
    this.jrHeld = !released && HELD.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.jrHeld && !released) { held.push({ xhr: this, args: arguments }); return; }
    return send.apply(this, arguments);
  };

  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
  function soon() { idle(release, { timeout: 2000 }); }
  function painted() {
    if (typeof PerformanceObserver === "undefined" ||
        (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") < 0) {
      if (document.readyState === "complete") soon(); else window.addEventListener("load", soon);
      return;
    }
    var po = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) { po.disconnect(); soon(); }
    });
    po.observe({ type: "paint", buffered: true });
  }
  painted();
  /* The reader turns to the search (its toggle, its field, or Material's shortcuts, which set the toggle) */
  document.addEventListener("change", function (ev) { if (ev.target && ev.target.id === "__search") release(); }, true);
  document.addEventListener("focusin", function (ev) { if (ev.target && ev.target.id === "__search" || (ev.target.closest && ev.target.closest(".md-search"))) release(); }, true);
  document.addEventListener("keydown", release, { once: true, capture: true });
  document.addEventListener("pointerdown", release, { once: true, capture: true });
})();
