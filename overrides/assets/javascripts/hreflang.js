// The editions' hreflang links (issue 21), kept from Material's language selector script.
//
// Material's bundle reads every <link rel="alternate"> once the page has loaded and fetches
// "sitemap.xml" beside each, expecting links to the editions' roots. Ours point at this page in
// each edition (as search engines want), so those fetches would miss (a 404, or a Content
// Security Policy violation where the site is served from another address than site_url).
// This runs before the bundle: its DOMContentLoaded listener comes first, hides the hreflang
// links from Material's look-up, and puts them back as soon as the others have run. The
// language switcher is plain links to the same page in each edition, so nothing is lost.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var links = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][hreflang]'));
    links.forEach(function (link) { link.rel = "x-explainer-alternate"; });
    setTimeout(function () {
      links.forEach(function (link) { link.rel = "alternate"; });
    }, 0);
  }, { once: true });
})();
