// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // Words in the page's language: another language's pages load Django's JavaScript catalogue first
  // (base.html: its gettext, ngettext and interpolate); English pages need none.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };

  // "Copy link" buttons: shown only when copying is possible.
  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          var original = button.textContent;
          button.textContent = gettext("Copied");
          setTimeout(function () { button.textContent = original; }, 2000);
        });
      });
    });
  }

  // The staff page: warn when it is open at another address than the one its links use (SITE_URL).
  var siteUrl = document.querySelector("[data-site-url]");
  if (siteUrl && (siteUrl.getAttribute("data-site-url") + "/").indexOf(location.origin + "/") !== 0) {
    siteUrl.querySelector("[data-here]").textContent = location.origin;
    siteUrl.hidden = false;
  }

  // The FAQ: a link to one answer (/faq/#id) opens it, on arrival and when the address changes,
  // and printing shows every answer.
  var answers = document.querySelectorAll("details.faq-entry");
  if (answers.length) {
    var openTarget = function () {
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.matches("details.faq-entry")) target.open = true;
    };
    openTarget();
    window.addEventListener("hashchange", openTarget);
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.filter.call(answers, function (d) { return !d.open; });
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
  }

  // The staff page's "Make a handout" button says how many articles and sheets are ticked.
  var handoutForm = document.querySelector(".handout-form");
  var handoutCount = handoutForm && handoutForm.querySelector("[data-handout-count]");
  if (handoutCount) {
    var countChosen = function () {
      var articles = handoutForm.querySelectorAll("input[name=articles]:checked").length;
      var sheets = handoutForm.querySelectorAll("input[name=sheets]:checked").length;
      var parts = [];
      if (articles) parts.push(interpolate(ngettext("%(count)s article", "%(count)s articles", articles), {count: articles}, true));
      if (sheets) parts.push(interpolate(ngettext("%(count)s sheet", "%(count)s sheets", sheets), {count: sheets}, true));
      handoutCount.textContent = parts.length
        ? interpolate(gettext("Make a handout (%(chosen)s chosen)"), {chosen: parts.join(", ")}, true)
        : gettext("Make a handout");
    };
    handoutForm.addEventListener("change", countChosen);
    countChosen();
  }

  // A handout's summary/full-text switch opens a new copy: ask first if "My procedure" has typing in it.
  document.querySelectorAll("[data-keeps-nothing]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var typed = Array.prototype.some.call(document.querySelectorAll(".sheet input, .sheet textarea"),
                                            function (box) { return box.value.trim() !== ""; });
      if (typed && !window.confirm(gettext("What you typed into My procedure will not be kept. Switch anyway?"))) {
        event.preventDefault();
      }
    });
  });

  // "Print this handout" buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The decision aid's quiz: say at once whether an answer is right and open its explanation.
  document.querySelectorAll(".quiz-item").forEach(function (item) {
    var feedback = item.querySelector(".quiz-feedback");
    item.addEventListener("change", function (event) {
      var chosen = event.target.value;
      var right = chosen === item.getAttribute("data-answer");
      feedback.textContent = (chosen === "true" ? gettext("You chose true.") : gettext("You chose false.")) + " " +
        (right ? gettext("That is right.") : gettext("That is not right."));
      item.querySelector("details").open = true;
    });
  });

  // Printed, a typed box shows all its words (a text box prints only what fits in it).
  // The words are copied within the page; nothing is sent or kept.
  var copies = document.querySelectorAll("[data-print-copy]");
  copies.forEach(function (copy) { copy.parentNode.classList.add("has-print-copy"); });
  if (copies.length) {
    window.addEventListener("beforeprint", function () {
      copies.forEach(function (copy) {
        copy.textContent = document.getElementById(copy.getAttribute("data-print-copy")).value;
      });
    });
  }

  // Reading without a connection: a service worker keeps the pages opened (offline.py).
  // The offline page's list of saved pages says when it is complete (data-ready), here or below.
  var saved = document.querySelector("[data-offline-saved]");
  var worker = document.body.getAttribute("data-service-worker");
  if (!("serviceWorker" in navigator) || !window.caches || !worker) {
    if (saved) saved.setAttribute("data-ready", "");
    return;
  }
  navigator.serviceWorker.register(worker).catch(function () { /* the site works as before */ });

  // "Save this guide to read offline" on the home page: every page of the guide, kept at once.
  var save = document.querySelector("[data-offline-save]");
  if (save) {
    var button = save.querySelector("button");
    var status = save.querySelector("[role=status]");
    save.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = gettext("Saving…");
      fetch(save.getAttribute("data-offline-save")).then(function (response) { return response.json(); })
        .then(function (guide) {
          return caches.open(guide.cache).then(function (cache) {
            return Promise.all(guide.paths.map(function (path) {
              return fetch(path).then(function (response) {
                if (!response.ok) throw new Error(path);
                return response.clone().blob().then(function (body) {
                  return cache.put(path, response).then(function () { return body.size; });
                });
              });
            }));
          }).then(function (sizes) {
            var total = sizes.reduce(function (a, b) { return a + b; }, 0);
            status.textContent = interpolate(gettext("Saved: %(count)s pages and files (%(size)s MB) on this " +
              "device. They open without a connection."), {count: guide.paths.length, size: (total / 1048576).toFixed(1)}, true);
          });
        })
        .catch(function () {
          status.textContent = gettext("The guide could not be saved. Check your connection and try again.");
        })
        .then(function () { button.disabled = false; });
    });
  }

  // The offline page lists what is saved on this device.
  if (saved) {
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf("spine-") === 0; })
        .map(function (name) { return caches.open(name).then(function (cache) { return cache.keys(); }); }));
    }).then(function (lists) {
      var list = saved.querySelector("ul");
      var pages = [].concat.apply([], lists).filter(function (request) {
        var path = new URL(request.url).pathname;
        return path.indexOf("/static/") !== 0 && path !== location.pathname && path.slice(-1) === "/";
      });
      // Each saved page by its own heading, read from the saved copy.
      return Promise.all(pages.map(function (request) {
        return caches.match(request).then(function (response) { return response.text(); }).then(function (html) {
          var heading = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = new URL(request.url).pathname;
          link.textContent = heading ? heading.textContent.trim() : link.href;
          item.appendChild(link);
          list.appendChild(item);
        });
      })).then(function () { saved.hidden = list.children.length === 0; });
    }).then(function () { saved.setAttribute("data-ready", ""); },
            function () { saved.setAttribute("data-ready", ""); });
  }
})();
