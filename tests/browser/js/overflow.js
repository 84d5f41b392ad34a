// Content that pokes out of its box, or out of the viewport, at the current size.
(viewport) => {
  const found = [];
  const de = document.documentElement;
  if (de.scrollWidth > viewport) found.push(`the page scrolls sideways: ${de.scrollWidth} px wide in ${viewport} px`);
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '') +
    ` "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  // Visually hidden text (a 1 px box that hides its overflow, or a clip) is meant for screen readers.
  const clippedOnPurpose = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const cs = getComputedStyle(node);
      if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true;
      if (node.clientWidth <= 1 && node.clientHeight <= 1 && cs.overflow === 'hidden') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!ownText) continue;
    if (el.closest('.skip-link, svg') || clippedOnPurpose(el)) continue;
    const cs = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(cs.overflowX);
    if (el.clientWidth > 0 && !scrolls && el.scrollWidth > el.clientWidth + 1)
      found.push(`${describe(el)} is clipped: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > viewport + 1 || r.left < -1) && !el.closest('[style*=overflow]'))
      found.push(`${describe(el)} runs off the screen (${Math.round(r.left)} to ${Math.round(r.right)} px)`);
  }
  // A phone number split over two lines is easily misread.
  for (const a of document.querySelectorAll('a[href^="tel:"]')) {
    if (a.checkVisibility() && a.getClientRects().length > 1) found.push(`the phone number "${a.textContent.trim()}" breaks over two lines`);
  }
  return found;
}
