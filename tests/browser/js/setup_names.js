// Names an element for messages, and keeps a handle on it for later checks
// (window.__a11yName), and reads its focus ring (window.__a11yRing).
() => {
  window.__a11yElements = [];
  window.__a11yName = (el) => {
    let index = window.__a11yElements.indexOf(el);
    if (index < 0) { index = window.__a11yElements.length; window.__a11yElements.push(el); }
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const href = el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '';
    return `${index}: ${el.tagName.toLowerCase()}${id}${cls}${href} "${text}"`;
  };
  window.__a11yRing = (el) => {
    const cs = getComputedStyle(el);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join(' | ');
  };
}
