{% autoescape off %}// dacase service worker (served at /sw.js). Workbox is vendored under static/vendor/workbox (no CDN).
// It caches static files and the offline page only: no page with personal data is ever put in its caches.
// A DASH page opened without a signal gets the offline page, which fills itself from the device's
// encrypted store (static/js/offline.js).
importScripts("{{ workbox_sw }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_prefix }}", debug: false });
workbox.loadModule("workbox-core");
workbox.loadModule("workbox-precaching");
workbox.loadModule("workbox-routing");
workbox.loadModule("workbox-strategies");

workbox.core.clientsClaim();
self.skipWaiting();

workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute({{ precache_json }});

var OFFLINE_URL = "{{ offline_url }}";
// The officer's pages that work offline: a DASH section, its children and its grading.
var OFFLINE_PAGES = /^\/assessments\/\d+\/(section\/\d+|children|submit)\/$/;

// Those pages come from the network (never cached here); with no network, the offline page.
workbox.routing.registerRoute(
  function (options) {
    return options.request.mode === "navigate" && OFFLINE_PAGES.test(options.url.pathname);
  },
  function (options) {
    return fetch(options.request).catch(function () {
      return workbox.precaching.matchPrecache(OFFLINE_URL);
    });
  }
);

// Background Sync, where the browser has it: wake an open page to send what is waiting (the page holds
// the key; the service worker never sees the answers).
self.addEventListener("sync", function (event) {
  if (event.tag === "dacase-sync") {
    event.waitUntil(
      self.clients.matchAll({ type: "window" }).then(function (clients) {
        clients.forEach(function (client) {
          client.postMessage({ type: "dacase-sync" });
        });
      })
    );
  }
});
{% endautoescape %}
