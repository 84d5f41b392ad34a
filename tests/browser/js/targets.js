// Controls too small to hit: the main controls at 44 x 44, every other target at 24 x 24,
// except links and buttons inside a sentence (WCAG 2.5.8's inline exception).
() => {
  const found = [];
  const describe = el => el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '') +
    ` "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const size = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; };
  const visible = el => el.checkVisibility({visibilityProperty: true}) && !el.closest('.skip-link, .visually-hidden');
  const primary = '.site-name, .site-nav a, .search-input, .search-button, .entry-link, button:not(.term-button)';
  for (const el of document.querySelectorAll(primary)) {
    if (!visible(el)) continue;
    const [w, h] = size(el);
    if (w < 44 || h < 44) found.push(`${describe(el)} is ${w} x ${h} px; main controls need 44 x 44`);
  }
  const inSentence = el => {
    // Walk up through inline wrappers; a sentence is text beside the target in its block.
    let node = el;
    while (node.parentElement) {
      const parent = node.parentElement;
      const text = [...parent.childNodes].some(n => n !== node && n.nodeType === 3 && n.textContent.trim());
      if (text) return true;
      if (getComputedStyle(parent).display !== 'inline') return false;
      node = parent;
    }
    return false;
  };
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
    if (!visible(el) || inSentence(el)) continue;
    const [w, h] = size(el);
    if (w < 24 || h < 24) found.push(`${describe(el)} is ${w} x ${h} px; targets need 24 x 24`);
  }
  return found;
}
