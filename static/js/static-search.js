// Search with no server, for the static export (manage.py export_site). On the live site the
// search page already holds its results, and this script does nothing.
//
// It reads /search-index.json, written at export time from the live search, and ranks the way
// search/index.py does: the kind of question (question-forms.yaml), synonyms and broader words,
// how rare each idea is, the reader's words in a heading or title, a heading that answers the
// kind of question asked. What it cannot do without the server: spelling corrections, and
// showing one answer first.
(function () {
  "use strict";
  var page = document.querySelector("[data-static-search]");
  if (!page) return;
  var query = new URLSearchParams(location.search).get("q") || "";
  if (!query.trim() || page.getAttribute("data-query")) return;

  var WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
  function wordsOf(text) { return (text.toLowerCase().replace(/’/g, "'").match(WORD) || []); }
  function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A word matched by its stem-like prefix, as search/index.py's _idea_pattern does.
  function pattern(phrases) {
    var parts = phrases.map(wordsOf).filter(function (w) { return w.length; }).map(function (words) {
      return words.map(function (w) {
        return w.length > 4 ? escape(w.slice(0, Math.max(4, w.length - 2))) + "[\\p{L}\\p{N}_]*"
                            : escape(w) + "(?![\\p{L}\\p{N}_])";
      }).join("[^\\p{L}\\p{N}_]+");
    });
    return new RegExp("(?<![\\p{L}\\p{N}_])(?:" + parts.join("|") + ")", "u");
  }

  // Without the server's English word lists, only a long word the site never uses, two letters
  // or fewer from one it does (with the same first letter), is corrected: "kyfoplasty".
  function corrected(index, word) {
    if (word.length < 7 || index.vocabulary.has(word) || !/^\p{L}+$/u.test(word)) return word;
    var best = null, bestDistance = 3;
    index.byFirstLetter[word[0]] && index.byFirstLetter[word[0]].forEach(function (candidate) {
      if (Math.abs(candidate.length - word.length) > 2) return;
      var d = distance(word, candidate, bestDistance);
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    });
    return best || word;
  }

  function distance(a, b, limit) {   // Levenshtein, giving up past `limit`
    var previous = Array.from({length: b.length + 1}, function (_, i) { return i; });
    for (var i = 1; i <= a.length; i++) {
      var current = [i], smallest = i;
      for (var j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        smallest = Math.min(smallest, current[j]);
      }
      if (smallest >= limit) return limit;
      previous = current;
    }
    return previous[b.length];
  }

  function plan(index, text) {
    var words = wordsOf(text).map(function (w) { return corrected(index, w); });
    var stop = new Set(index.stop), topic = words.slice(), forms = [];
    index.asked.forEach(function (entry) {   // longest forms first, as written by the export
      var asked = entry[0];
      for (var start = 0; start < topic.length; start++) {
        var claimed = match(asked, topic, start, stop);
        if (claimed) {
          claimed.forEach(function (i) { topic[i] = null; });
          if (!forms.some(function (f) { return f.id === entry[1]; })) {
            forms.push({id: entry[1], headings: entry[2], definitions: entry[3]});
          }
          break;
        }
      }
    });
    var ideas = [], i = 0;
    while (i < topic.length) {
      if (topic[i] === null) { i++; continue; }
      var found = false;
      for (var size = Math.min(6, topic.length - i); size > 0; size--) {
        var phrase = topic.slice(i, i + size);
        if (phrase.indexOf(null) >= 0) continue;
        var key = phrase.join(" ");
        if (index.phrases[key] && !(size === 1 && stop.has(key))) {
          ideas.push({typed: key, alternatives: index.phrases[key], broader: index.broader[key] || []});
          i += size; found = true; break;
        }
      }
      if (!found) {
        if (!stop.has(topic[i]) && (topic[i].length > 1 || /\d/.test(topic[i]))) {
          ideas.push({typed: topic[i], alternatives: [topic[i]], broader: []});
        }
        i++;
      }
    }
    return {forms: forms, ideas: ideas.slice(0, 12), words: new Set(words)};
  }

  function match(asked, words, start, stop) {   // the indexes of the form's own words, or null
    function at(position, index) {
      if (position === asked.length) return [];
      if (asked[position] === "*") {
        for (var size = 1; size <= 4 && index + size <= words.length; size++) {
          if (words[index + size - 1] === null) break;
          if (words.slice(index, index + size).every(function (w) { return stop.has(w); })) continue;
          var rest = at(position + 1, index + size);
          if (rest) return rest;
        }
        return null;
      }
      if (index < words.length && words[index] === asked[position]) {
        var tail = at(position + 1, index + 1);
        return tail ? [index].concat(tail) : null;
      }
      return null;
    }
    return at(0, start);
  }

  function search(index, text) {
    var asked = plan(index, text), docs = index.docs, total = docs.length;
    var ideas = asked.ideas.map(function (idea) {
      var p = pattern(idea.alternatives), b = idea.broader.length ? pattern(idea.broader) : null;
      var df = docs.filter(function (d) { return d.text.search(p) >= 0; }).length;
      return {pattern: p, broader: b, typed: pattern([idea.typed]), df: df, weight: Math.log(1 + total / (1 + df))};
    }).filter(function (idea) { return idea.df > 0; });
    var sum = ideas.reduce(function (a, idea) { return a + idea.weight; }, 0) || 1;
    ideas.forEach(function (idea) { idea.weight /= sum; });
    var answering = asked.forms.length ? pattern([].concat.apply([], asked.forms.map(function (f) { return f.headings; }))) : null;
    // How telling a heading that answers the kind of question is, as BM25 would weigh it.
    var answeringIdf = answering ? Math.log(1 + total / (1 + docs.filter(function (d) {
      return d.heading.search(answering) >= 0; }).length)) : 0;
    var definitions = asked.forms.length ? asked.forms.some(function (f) { return f.definitions; }) : null;
    function share(text, which) {
      if (!ideas.length) return 1;
      return ideas.reduce(function (a, idea) {
        var p = idea[which || "pattern"];
        if (text.search(p) >= 0) return a + idea.weight;
        if (!which && idea.broader && text.search(idea.broader) >= 0) return a + idea.weight * 0.75;
        return a;
      }, 0);
    }
    var scored = [];
    docs.forEach(function (d) {
      var covered = share(d.text);
      var answers = answering && (definitions
        ? ideas.some(function (idea) { return d.heading.search(idea.pattern) >= 0; }) &&
          (d.kind === "glossary" || d.heading.search(answering) >= 0)
        : d.heading.search(answering) >= 0);
      if (covered <= 0 && !(answers && !ideas.length)) return;
      // In place of BM25: the rarest ideas found, weighted by where (heading 8, title 4, body 1).
      var base = ideas.reduce(function (a, idea) {
        var idf = Math.log(1 + total / (1 + idea.df));
        return a + idf * ((d.heading.search(idea.pattern) >= 0 ? 8 : 0) + (d.title.search(idea.pattern) >= 0 ? 4 : 0) +
                          (d.body.search(idea.pattern) >= 0 ? 1 : 0));
      }, 0);
      if (answers) base += answeringIdf * 8;
      var score = Math.sqrt(base || 1);
      if (ideas.length) {
        if (!answers && !ideas.some(function (idea) { return d.text.search(idea.typed) >= 0; })) score *= 0.7;
        score *= 1 + 0.5 * share(d.heading, "typed");
        score *= 1 + 0.25 * share(d.title, "typed");
      }
      if (d.kind === "glossary" && definitions !== true) score *= definitions === null ? 0.5 : 0.15;
      var echo = d.headingWords.filter(function (w) { return asked.words.has(w); }).length / (asked.words.size || 1);
      score *= 1 + 0.5 * echo * echo;
      if (answers) score *= 1 + covered;
      scored.push({doc: d, score: score * (1 + covered) * (1 + covered)});
    });
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.slice(0, 20).map(function (s) { return s.doc; });
  }

  // Red flags: the same matching as content/red_flags.py (its words, entries and signs come from the index).
  function redFlagWords(text) { return text.toLowerCase().replace(/[’']/g, "").match(/[a-z0-9&]+/g) || []; }
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
    index.vocabulary = new Set();
    index.docs.forEach(function (d) { wordsOf(d[1] + " " + d[3] + " " + d[4]).forEach(function (w) { index.vocabulary.add(w); }); });
    Object.keys(index.phrases).forEach(function (phrase) { wordsOf(phrase).forEach(function (w) { index.vocabulary.add(w); }); });
    index.byFirstLetter = {};
    index.vocabulary.forEach(function (w) {
      if (w.length > 4 && /^\p{L}+$/u.test(w)) (index.byFirstLetter[w[0]] = index.byFirstLetter[w[0]] || []).push(w);
    });
    index.docs = index.docs.map(function (d) {
      return {url: d[0], pageTitle: d[1], shown: d[2], heading: d[3].toLowerCase(), body: d[4].toLowerCase(),
              text: (d[1] + " " + d[3] + " " + d[4]).toLowerCase(), title: d[1].toLowerCase(), kind: d[5],
              snippet: d[4], headingWords: Array.from(new Set(wordsOf(d[2])))};
    });
    return index;
  }

  function show(results, index) {
    var field = document.getElementById("search-page-q");
    if (field) field.value = query;
    var place = page.querySelector("[data-static-results]");
    place.hidden = false;
    // A word changed by the spelling check is never changed silently, as on the live site.
    var typed = wordsOf(query), fixed = typed.map(function (w) { return corrected(index, w); });
    var note = place.querySelector("[data-static-corrected]");
    if (note && fixed.join(" ") !== typed.join(" ")) {
      note.textContent = "Showing results for “" + fixed.join(" ") + "” (you typed “" + query + "”).";
      note.hidden = false;
    }
    var count = place.querySelector("[role=status]");
    count.textContent = results.length ? results.length + " result" + (results.length === 1 ? "" : "s") +
      " for “" + query + "”" : "No results for “" + query + "”. Try fewer words, or another word for the same thing.";
    // Results take the place of the suggestions and topics, as on the live site: nothing on screen moves.
    var others = document.querySelector("[data-static-hide-on-results]");
    if (others && results.length) others.hidden = true;
    var list = place.querySelector("ol");
    results.forEach(function (d) {
      var item = document.createElement("li"), link = document.createElement("a");
      item.className = "search-result";
      link.className = "search-result-link"; link.href = d.url; link.textContent = d.shown;
      var where = document.createElement("p"); where.className = "search-result-page"; where.textContent = d.pageTitle;
      var text = document.createElement("p"); text.className = "search-snippet";
      text.textContent = d.snippet.split(/\s+/).slice(0, 30).join(" ") + "…";
      item.append(link, where, text);
      list.appendChild(item);
    });
  }

  fetch(page.getAttribute("data-static-search")).then(function (response) { return response.json(); })
    .then(function (index) {
      index = prepare(index);
      window.staticSearch = function (text) { return search(index, text).map(function (d) { return d.url; }); };
      window.staticRedFlag = function (text) { var tier = redFlagFor(index.redFlags, text); return tier && tier.id; };
      showRedFlag(redFlagFor(index.redFlags, query));
      show(search(index, query), index);
    });
})();
