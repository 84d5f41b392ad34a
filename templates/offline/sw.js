{% load static %}// The service worker: keeps every page a patient opens, so it opens again without a connection.
// Made by Django (kyphoplasty_site/offline.py): its cache is named after the content, so a content
// change makes a new worker, which fetches fresh pages and removes the old cache.
"use strict";
const CACHE = "{{ cache|escapejs }}";
// [site prefix, its offline page] for each language, longest prefix first (offline.py writes them).
const OFFLINE_PAGES = {{ offline_pages|safe }};
const PREFIX = "spine-";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([
    ...OFFLINE_PAGES.map((pair) => pair[1]), "{% static 'css/site.css' %}", "{% static 'js/site.js' %}", "{% static 'favicon.svg' %}",
  ])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
                                      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    // Static files have hashed names: a stored copy is always right.
    event.respondWith(caches.match(request).then((stored) => stored || fetchAndKeep(request)));
  } else if (request.mode === "navigate") {
    // Pages: the newest from the network (checked with the server, not the browser's five-minute
    // copy, so a content change shows on the next visit), kept for later; without a connection,
    // the kept copy, or the offline page. Redirects go back to the browser as redirects.
    const fresh = new Request(request.url, {cache: "no-cache", credentials: "same-origin", redirect: "manual"});
    event.respondWith(fetchAndKeep(fresh).catch(() =>
      caches.match(request).then((stored) => stored || caches.match(offlinePageFor(url.pathname)))));
  }
});

function offlinePageFor(path) {
  return OFFLINE_PAGES.find((pair) => path.startsWith(pair[0]))[1];
}

function fetchAndKeep(request) {
  return fetch(request).then((response) => {
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  });
}
