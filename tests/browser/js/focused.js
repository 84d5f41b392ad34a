// The focused element: its name, its focus ring, whether anything covers it,
// and for a glossary word, whether its definition shows. Needs setup_names.js first.
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const hasRing = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
  const rects = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  let covered = 'no box';
  if (rects.length) {
    const r = rects[0];
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    covered = (top && (top === el || el.contains(top))) ? '' :
      `covered by ${top ? top.tagName.toLowerCase() + (top.className ? '.' + String(top.className).replace(/ /g, '.') : '') : 'nothing (off screen)'}`;
  }
  let tip = null;
  if (el.matches('.term-button')) {
    const t = el.parentElement.querySelector('.term-tip');
    tip = !!t && t.checkVisibility();
  }
  return {name: window.__a11yName(el), ring: window.__a11yRing(el), hasRing, covered, tip,
          inMain: !!el.closest('main')};
}
