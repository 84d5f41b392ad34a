// The site's search, in the browser: the same ranking as search/index.py, step for step, for the
// static export (static-search.js loads it) and for the test that compares the two
// (tests/site/test_search_engines.py, which runs it in Node).
//
// Everything it knows comes from search-index.json (export_site.static_search_index): the
// documents, synonyms, broader words, kinds of question, stop words, the ranking's numbers
// (search/weights.py) and the English words that must never be "corrected". Words are stemmed
// with the Porter stemmer (npm `stemmer`, vendored), which stems as SQLite FTS5 does; where the
// live site asks FTS5 for BM25, this works out the same formula over the same tokens.
//
// Python → here: clean_query → cleanQuery, QueryPlanner.plan → plan, SearchIndex._search → search,
// _candidates → candidates, _score → score, _Ranking → ranking.

export function createSearch(data, porterStemmer) {
  "use strict";
  var W = data.weights;
  // search/languages.py: English stems with Porter, as FTS5 does; Polish folds "ł" as "l" and strips
  // the longest of its endings, keeping a few letters (stemming.SuffixStemmer), and compares words
  // with synonyms and question forms by those stems (QueryPlanner.key).
  var language = data.language || {stemmer: "porter", correctsSpelling: true};
  var ownStems = language.stemmer === "suffix";
  var stemmer = ownStems ? function (token) {
    var word = token.replace(/ł/g, "l");
    for (var i = 0; i < language.endings.length; i++) {
      var ending = language.endings[i];
      if (word.length - ending.length >= language.shortestStem && word.slice(-ending.length) === ending) {
        return word.slice(0, -ending.length);
      }
    }
    return word;
  } : porterStemmer;
  var WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;   // query.py words_of
  var TOKEN = /[\p{L}\p{N}]+/gu;                         // FTS5 unicode61 (stemming.py tokens)
  var stop = new Set(data.stop), english = new Set(data.english), family = new Set(data.family);
  var readThrough = new Set(data.readThrough);   // query.py: never part of the topic
  var timeUnits = new Set(data.timeUnits);
  function countsTime(words, i) {   // QueryPlanner._counts_time: the "2" of "2 weeks"
    return words[i] !== null && /^\d+$/.test(words[i]) && i + 1 < words.length && timeUnits.has(words[i + 1]);
  }

  function wordsOf(text) { return text.toLowerCase().replace(/’/g, "'").match(WORD) || []; }
  function tokens(text) { return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(TOKEN) || []; }
  var stems = new Map();
  function stem(token) {
    var s = stems.get(token);
    if (s === undefined) { s = stemmer(token); stems.set(token, s); }
    return s;
  }
  function stemmed(list) { return " " + list.map(stem).join(" ") + " "; }
  function keyOf(word) { return ownStems ? stem(fold(word)) : word; }
  function fold(text) { return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, ""); }
  function contains(text, phrases) { return phrases.some(function (p) { return text.indexOf(p) >= 0; }); }
  function unique(list) { return Array.from(new Set(list)); }

  // The documents, as index.py keeps them.
  var totalTokens = 0, stemFrequency = new Map(), vocabulary = new Map();
  var docs = data.docs.map(function (d, rowid) {
    // d: url, page title, heading, heading as matched, body, kind, safety boxes, search words (documents.py Document)
    var matchedBody = d[7] ? d[4] + " " + d[7] : d[4];        // Document.matched_body
    var searchedBody = d[6] ? matchedBody + " " + d[6] : matchedBody;   // Document.searched_body
    var title = tokens(d[1]).map(stem), heading = tokens(d[3]).map(stem), body = tokens(searchedBody).map(stem);
    var own = title.concat(heading, tokens(matchedBody).map(stem)), all = title.concat(heading, body);
    totalTokens += all.length;
    unique(all).forEach(function (s) { stemFrequency.set(s, (stemFrequency.get(s) || 0) + 1); });
    unique(wordsOf(d[1] + " " + d[3] + " " + searchedBody)).forEach(function (w) {
      vocabulary.set(w, (vocabulary.get(w) || 0) + 1);
    });
    return {rowid: rowid, url: d[0], pageTitle: d[1], heading: d[2], body: d[4], kind: d[5],
            columns: [title, heading, body], size: all.length,
            text: " " + own.join(" ") + " ", headingStems: stemmed(tokens(d[3])), titleStems: stemmed(tokens(d[1])),
            headingWords: new Set(wordsOf(d[2]))};
  });
  var total = docs.length, averageSize = totalTokens / total;

  // The planner (query.py): known words, the words a misspelling may become, phrases, forms.
  var known = new Set(vocabulary.keys()), longestPhrase = 1;
  Object.keys(data.phrases).forEach(function (p) {
    var words = wordsOf(p);
    words.forEach(function (w) { known.add(w); });
    longestPhrase = Math.max(longestPhrase, words.length);
  });
  data.asked.forEach(function (entry) { entry[0].forEach(function (w) { if (w !== "*") known.add(w); }); });
  var byFirstLetter = new Map();
  vocabulary.forEach(function (count, word) {
    if (word.length > 3 && /^\p{L}+$/u.test(word)) {
      if (!byFirstLetter.has(word[0])) byFirstLetter.set(word[0], []);
      byFirstLetter.get(word[0]).push([word, count]);
    }
  });

  function frequency(alternatives) {   // index.py _frequency
    return alternatives.reduce(function (most, p) {
      var counts = tokens(p).map(function (t) { return stemFrequency.get(stem(t)) || 0; });
      return Math.max(most, counts.length ? Math.min.apply(null, counts) : 0);
    }, 0);
  }
  function isIndexed(word) { return frequency([word]) > 0; }

  function correct(word) {   // QueryPlanner.correct
    if (!language.correctsSpelling || known.has(word) || word.length < W.shortest_corrected || !/^\p{L}+$/u.test(word) || stop.has(word) ||
        isIndexed(word) || english.has(word)) return word;
    return nearest(word) || word;
  }
  function nearest(word) {   // QueryPlanner.nearest: the closest word, or the closest spelt by sound ("ph" for "f")
    var found = closest(word);
    if (!found && word.indexOf("f") >= 0) {
      var bySound = word.replace(/f/g, "ph");
      found = vocabulary.has(bySound) ? bySound : closest(bySound);
    }
    return found;
  }
  function closest(word) {   // QueryPlanner.closest: fewest changes, then the library's most used word
    var limit = word.length >= W.two_changes_from ? 2 : 1, best = null;
    (byFirstLetter.get(word[0]) || []).forEach(function (entry) {
      var candidate = entry[0], count = entry[1];
      if (candidate === word || Math.abs(candidate.length - word.length) > limit) return;
      var d = changes(word, candidate, limit);
      if (d > limit) return;
      if (!best || d < best.d || (d === best.d && (count > best.count || (count === best.count && candidate < best.word)))) {
        best = {d: d, count: count, word: candidate};
      }
    });
    return best && best.word;
  }
  // Optimal string alignment distance (a letter added, dropped, replaced, or swapped with its
  // neighbour), as symspellpy's DamerauOsa counts it; past `limit`, limit + 1.
  function changes(a, b, limit) {
    var before = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var current = [i], smallest = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        current.push(d);
        smallest = Math.min(smallest, d);
      }
      if (smallest > limit) return limit + 1;
      before = previous; previous = current;
    }
    return previous[b.length];
  }

  function cleanQuery(raw) {   // query.py clean_query
    var text = (raw || "").normalize("NFKC").replace(/\p{C}/gu, " ").split(/\s+/).filter(Boolean).join(" ");
    return Array.from(text).slice(0, 200).join("").trim();
  }

  function plan(raw) {
    var text = cleanQuery(raw), words = wordsOf(text);
    var corrected = words.map(correct), topic = corrected.slice(), forms = [];
    data.asked.forEach(function (entry) {   // longest forms first, as the export writes them
      for (var start = 0; start < topic.length; start++) {
        var claimed = matchAsked(entry[0], topic, start, corrected.map(keyOf));
        if (claimed) {
          claimed.forEach(function (i) { topic[i] = null; });
          if (!forms.some(function (f) { return f.id === entry[1]; })) {
            forms.push({id: entry[1], headings: entry[2], definitions: entry[3]});
          }
          break;
        }
      }
    });
    topic = topic.filter(function (word) { return !readThrough.has(word); });
    topic = topic.filter(function (word, i, all) { return !countsTime(all, i); });
    var ideas = [], seen = new Set(), i = 0;
    function add(idea) {
      var key = JSON.stringify(idea);
      if (!seen.has(key)) { seen.add(key); ideas.push(idea); }
    }
    while (i < topic.length) {
      if (topic[i] === null) { i++; continue; }
      var found = false;
      for (var size = Math.min(longestPhrase, topic.length - i); size > 0; size--) {
        var phrase = topic.slice(i, i + size);
        if (phrase.indexOf(null) >= 0 || (size === 1 && stop.has(phrase[0]))) continue;
        var key = phrase.map(keyOf).join(" ");
        if (Object.prototype.hasOwnProperty.call(data.phrases, key)) {
          add({typed: phrase.join(" "), alternatives: data.phrases[key], broader: data.broader[key] || []});
          i += size; found = true; break;
        }
      }
      if (!found) {
        if (!stop.has(topic[i]) && !family.has(topic[i]) && (topic[i].length > 1 || /^\d+$/.test(topic[i]))) {
          add({typed: topic[i], alternatives: [topic[i]], broader: []});
        }
        i++;
      }
    }
    ideas = ideas.slice(0, 12);
    if (!ideas.length && !forms.length) {   // a question of only stop words: search them as they are
      ideas = unique(corrected).filter(function (w) { return w.length > 1; }).slice(0, 8)
        .map(function (w) { return {typed: w, alternatives: [w], broader: []}; });
    }
    return {text: text, words: words, corrected: corrected, forms: forms, ideas: ideas};
  }

  function matchAsked(asked, words, start, keys) {   // query.py _match_asked: the form's own words, or null
    function at(position, index) {
      if (position === asked.length) return [];
      if (asked[position] === "*") {
        for (var size = 1; size <= 4; size++) {
          if (index + size > words.length || words[index + size - 1] === null) break;
          if (words.slice(index, index + size).every(function (w) { return stop.has(w); })) continue;
          var rest = at(position + 1, index + size);
          if (rest) return rest;
        }
        return null;
      }
      if (index < words.length && words[index] !== null && keys[index] === asked[position]) {
        var tail = at(position + 1, index + 1);
        return tail ? [index].concat(tail) : null;
      }
      return null;
    }
    var claimed = at(0, start);
    return claimed && claimed.length ? claimed : null;
  }

  // FTS5's bm25(title, heading, body weights), over the same tokens: rowid → rank (lower is better)
  // of the best `W.candidates` documents with any of the phrases (in one column, if given).
  function bm25(phrases, column) {
    var weights = [W.title_column, W.heading_column, W.body_column], k1 = W.bm25_k1, b = W.bm25_b;
    var counts = docs.map(function (d) {
      return phrases.map(function (p) {
        var f = 0;
        d.columns.forEach(function (list, c) {
          if (column !== undefined && c !== column) return;
          for (var s = 0; s + p.length <= list.length; s++) {
            var k = 0;
            while (k < p.length && list[s + k] === p[k]) k++;
            if (k === p.length) f += weights[c];
          }
        });
        return f;
      });
    });
    var idf = phrases.map(function (_, i) {
      var hits = counts.filter(function (c) { return c[i] > 0; }).length;
      var value = Math.log((total - hits + 0.5) / (hits + 0.5));
      return value <= 0 ? 1e-6 : value;
    });
    var ranked = [];
    docs.forEach(function (d, rowid) {
      if (!counts[rowid].some(function (f) { return f > 0; })) return;
      var score = 0;
      counts[rowid].forEach(function (f, i) {
        score += idf[i] * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * d.size / averageSize)));
      });
      ranked.push([rowid, -1 * score]);
    });
    ranked.sort(function (x, y) { return x[1] - y[1] || x[0] - y[0]; });
    return ranked.slice(0, W.candidates);
  }

  function holds(phrase, part) {
    for (var i = 0; i + part.length <= phrase.length; i++) {
      if (part.every(function (w, k) { return phrase[i + k] === w; })) return true;
    }
    return false;
  }
  function ftsPhrases(alternatives) {   // index.py fts_phrases, as stems
    var phrases = alternatives.map(wordsOf).filter(function (p) { return p.length; });
    return phrases.filter(function (p) {
      return !phrases.some(function (other) { return other.join(" ") !== p.join(" ") && holds(p, other); });
    }).map(function (words) { return tokens(words.join(" ")).map(stem); });
  }

  function ranking(ideas, forms, words) {   // index.py _Ranking
    function phrases(alternatives) { return unique(alternatives.filter(function (a) { return tokens(a).length; })
      .map(function (a) { return stemmed(tokens(a)); })); }
    var weights = ideas.map(function (idea) { return Math.log(1 + total / (1 + frequency(idea.alternatives))); });
    var sum = weights.reduce(function (a, w) { return a + w; }, 0) || 1;
    var r = {
      words: new Set(words), covered: new Map(),
      patterns: ideas.map(function (idea) { return phrases(idea.alternatives); }),
      broader: ideas.map(function (idea) { return phrases(idea.broader); }),
      typed: ideas.map(function (idea) { return phrases([idea.typed]); }),
      answering: forms.length ? phrases([].concat.apply([], forms.map(function (f) { return f.headings; }))) : null,
      definitions: forms.length ? forms.some(function (f) { return f.definitions; }) : null,
      weights: weights.map(function (w) { return w / sum; })
    };
    r.share = function (text, patterns) {
      if (!r.weights.length) return 1;
      return r.weights.reduce(function (a, w, i) {
        if (patterns) return contains(text, patterns[i]) ? a + w : a;
        return a + (contains(text, r.patterns[i]) ? w : contains(text, r.broader[i]) ? w * W.broader_share : 0);
      }, 0);
    };
    r.covers = function (rowid) {
      if (!r.covered.has(rowid)) r.covered.set(rowid, r.share(docs[rowid].text));
      return r.covered.get(rowid);
    };
    return r;
  }

  function answersTheKindAsked(r, d) {
    if (r.answering === null) return false;
    if (r.definitions) {
      return r.patterns.some(function (p) { return contains(d.headingStems, p); }) &&
        (d.kind === "glossary" || contains(d.headingStems, r.answering));
    }
    return contains(d.headingStems, r.answering);
  }

  function candidates(ideas, forms, r) {
    var searched = ideas.filter(function (idea) { return frequency(idea.alternatives) <= total * W.common_share; });
    if (!searched.length) searched = ideas;
    var rows = new Map();
    var topic = [].concat.apply([], searched.map(function (idea) { return ftsPhrases(idea.alternatives); }));
    if (topic.length) bm25(topic).forEach(function (row) { rows.set(row[0], -Math.sqrt(-row[1])); });
    var headings = unique([].concat.apply([], forms.map(function (f) { return f.headings; })));
    if (headings.length) {
      bm25(ftsPhrases(headings), 1).forEach(function (row) {
        if (r.covers(row[0]) > 0) rows.set(row[0], Math.min(-Math.sqrt(-row[1]), rows.has(row[0]) ? rows.get(row[0]) : 0));
      });
    }
    return rows;
  }

  function score(r, d, value) {   // index.py _score
    var answers = answersTheKindAsked(r, d);
    if (r.typed.length) {
      if (!answers && !r.typed.some(function (t) { return contains(d.text, t); })) value *= W.synonym_only_factor;
      value *= 1 + (W.heading_boost - 1) * r.share(d.headingStems, r.typed);
      value *= 1 + (W.title_boost - 1) * r.share(d.titleStems, r.typed);
    }
    if (d.kind === "glossary" && r.definitions !== true) {
      value *= W.glossary_factor * (r.definitions === null ? 1 : W.not_a_definition_factor);
    }
    if (r.words.size) {
      var echo = Array.from(r.words).filter(function (w) { return d.headingWords.has(w); }).length / r.words.size;
      value *= 1 + W.echo_boost * Math.pow(echo, 2);
    }
    var share = r.covers(d.rowid);
    if (answers) value *= 1 + (W.form_boost - 1) * share;
    return value * Math.pow(1 + share, 2);
  }

  function search(raw) {
    var asked = plan(raw), none = {plan: asked, clear: true, results: []};
    if (!asked.ideas.length && !asked.forms.length) return none;
    var ideas = asked.ideas.filter(function (idea) { return frequency(idea.alternatives) > 0; });
    if (!ideas.length && !asked.forms.length) return none;
    var r = ranking(ideas, asked.forms, wordsOf(asked.text));
    var scored = [];
    candidates(ideas, asked.forms, r).forEach(function (value, rowid) {
      scored.push([score(r, docs[rowid], value), rowid]);
    });
    // A document found only by words in its safety boxes never outranks one about the question.
    scored.sort(function (x, y) {
      return (r.covers(x[1]) === 0) - (r.covers(y[1]) === 0) || x[0] - y[0] || x[1] - y[1];
    });
    if (!scored.length) return none;
    // index.py: no clear answer when the site knows under half the ideas, or the best covers too little.
    var clear = asked.ideas.length < 2 || (ideas.length >= W.clear_share * asked.ideas.length &&
                                           r.covers(scored[0][1]) >= W.clear_coverage);
    return {plan: asked, clear: clear, results: scored.slice(0, W.max_results).map(function (s) { return docs[s[1]]; })};
  }

  return {search: search, plan: plan, correct: correct, stem: stem, tokens: tokens};
}
