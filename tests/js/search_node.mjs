// Runs the static copy's search (static/js/search-engine.js) in Node, for tests/site/test_search_engines.py.
// Usage: node search_node.mjs INDEX.json REQUEST.json  →  prints JSON:
//   {"top": [[url, url, url], ...] per question, "corrected": [[word, ...], ...], "clear": [true, ...],
//    "stems": {token: stem}}
// REQUEST.json is {"questions": [...], "tokens": [...]}.
import {readFileSync} from "node:fs";
import {createSearch} from "../../static/js/search-engine.js";
import {stemmer} from "../../static/js/vendor/stemmer.js";

const [indexPath, requestPath] = process.argv.slice(2);
const index = JSON.parse(readFileSync(indexPath, "utf8"));
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const engine = createSearch(index, stemmer);
const found = request.questions.map((q) => engine.search(q));
process.stdout.write(JSON.stringify({
  top: found.map((f) => f.results.slice(0, 3).map((d) => d.url)),
  corrected: found.map((f) => f.plan.corrected),
  clear: found.map((f) => f.clear),
  stems: Object.fromEntries(request.tokens.map((t) => [t, engine.stem(t)])),
}));
