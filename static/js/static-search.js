// Search with no server, for the static export (manage.py export_site). On the live site the
// search page already holds its results, and this script does nothing.
//
// It reads /search-index.json, written at export time from the live search, and ranks with
// search-engine.js, the live search's ranking step for step (tests/site/test_search_engines.py
// compares them). What it does not do: show one answer first.
(function () {
  "use strict";
  var page = document.querySelector("[data-static-search]");
  // Words in the page's language (site.js says how); English needs no catalogue.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };
  if (!page) return;
  var query = new URLSearchParams(location.search).get("q") || "";
  if (!query.trim() || page.getAttribute("data-query")) return;

  // Red flags: the same matching as content/red_flags.py (its words, entries and signs come from the index).
  function redFlagWords(text) {
    return text.toLowerCase().replace(/[’']/g, "").normalize("NFKD").replace(/\p{M}/gu, "").replace(/ł/g, "l")
      .match(/[a-z0-9&]+/g) || [];
  }
  function entryMatches(entry, words) {
    return words.some(function (_, start) {
      return start + entry.length <= words.length && entry.every(function (part, k) {
        var word = words[start + k];
        return part.slice(-1) === "*" ? word.indexOf(part.slice(0, -1)) === 0 : word === part;
      });
    });
  }
  function redFlagFor(rules, text) {
    var words = redFlagWords(text), present = {};
    Object.keys(rules.ideas).forEach(function (idea) {
      present[idea] = rules.ideas[idea].some(function (entry) { return entryMatches(entry, words); });
    });
    return rules.tiers.filter(function (tier) {
      return tier.signs.some(function (sign) { return sign.every(function (idea) { return present[idea]; }); });
    })[0] || null;
  }
  function showRedFlag(tier) {
    var place = page.querySelector("[data-static-red-flag]");
    if (!tier || !place) return;
    var badge = {emergency: "Emergency", urgent: "Urgent"}[tier.level];
    // The title and items are the site's own cleaned HTML, written into the index at export.
    place.innerHTML = '<section class="callout callout-' + tier.level + ' red-flag" aria-labelledby="red-flag-title">' +
      '<h2 class="callout-title" id="red-flag-title">' + (badge ? '<span class="callout-badge">' + badge + "</span> " : "") +
      tier.title + "</h2><ul>" + tier.items.map(function (item) { return "<li>" + item + "</li>"; }).join("") +
      '</ul><p><a href="' + tier.more + '">When to get help: the full list</a></p></section>';
    place.hidden = false;
  }

  function prepare(index) {
    // Each red-flag entry split into its words once (content/red_flags.py's _entry), "*" kept.
    Object.keys(index.redFlags.ideas).forEach(function (idea) {
      index.redFlags.ideas[idea] = index.redFlags.ideas[idea].map(function (entry) {
        return entry.toLowerCase().replace(/[’']/g, "").match(/[a-z0-9&]+\*?/g) || [];
      });
    });
    return index;
  }

  function show(found) {
    var results = found.results;
    var field = document.getElementById("search-page-q");
    if (field) field.value = query;
    var place = page.querySelector("[data-static-results]");
    place.hidden = false;
    // A word changed by the spelling check is never changed silently, as on the live site.
    var typed = found.plan.words, fixed = found.plan.corrected;
    var note = place.querySelector("[data-static-corrected]");
    if (note && fixed.join(" ") !== typed.join(" ")) {
      note.textContent = interpolate(gettext("Showing results for “%(fixed)s” (you typed “%(query)s”)."),
                                     {fixed: fixed.join(" "), query: query}, true);
      note.hidden = false;
    }
    var unclear = place.querySelector("[data-static-unclear]");
    if (unclear && results.length && !found.clear) unclear.hidden = false;
    var count = place.querySelector("[role=status]");
    count.textContent = results.length
      ? interpolate(ngettext("%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", results.length),
                    {count: results.length, query: query}, true)
      : interpolate(gettext("No results for “%(query)s”. Try fewer words, or another word for the same thing."),
                    {query: query}, true);
    // Results take the place of the suggestions and topics, as on the live site: nothing on screen moves.
    var others = document.querySelector("[data-static-hide-on-results]");
    if (others && results.length && found.clear) others.hidden = true;
    var list = place.querySelector("ol");
    results.forEach(function (d) {
      var item = document.createElement("li"), link = document.createElement("a");
      item.className = "search-result";
      link.className = "search-result-link"; link.href = d.url; link.textContent = d.heading;
      var where = document.createElement("p"); where.className = "search-result-page"; where.textContent = d.pageTitle;
      var text = document.createElement("p"); text.className = "search-snippet";
      text.textContent = d.body.split(/\s+/).slice(0, 30).join(" ") + "…";
      item.append(link, where, text);
      list.appendChild(item);
    });
  }

  // The ranking (search-engine.js) and the stemmer are modules, loaded by their hashed addresses.
  Promise.all([
    fetch(page.getAttribute("data-static-search")).then(function (response) { return response.json(); }),
    import(page.getAttribute("data-engine")),
    import(page.getAttribute("data-stemmer"))
  ]).then(function (loaded) {
    var index = prepare(loaded[0]), engine = loaded[1].createSearch(index, loaded[2].stemmer);
    window.staticSearch = function (text) { return engine.search(text).results.map(function (d) { return d.url; }); };
    window.staticRedFlag = function (text) { var tier = redFlagFor(index.redFlags, text); return tier && tier.id; };
    showRedFlag(redFlagFor(index.redFlags, query));
    show(engine.search(query));
  });
})();
