// Run with print media: navigation, search and the skip link must not print, and every
// link in an article body must write out its address after it.
() => {
  const found = [];
  for (const selector of ['.site-nav', '.search-form', '.skip-link']) {
    for (const el of document.querySelectorAll(selector)) {
      if (el.checkVisibility({visibilityProperty: true})) found.push(`${selector} is printed`);
    }
  }
  const links = [...document.querySelectorAll('.prose a[href]')]
    .filter(a => a.checkVisibility({visibilityProperty: true}) && /^(\/|https?:)/.test(a.getAttribute('href')));
  for (const a of links) {
    const after = getComputedStyle(a, '::after').content;
    if (!after.includes(a.getAttribute('href'))) found.push(`the printed link "${a.textContent.trim()}" does not show ${a.getAttribute('href')} (::after is ${after})`);
  }
  return {found, links: links.length};
}
