// Everything a keyboard user should be able to reach with Tab, as the page first shows it.
// A group of radio buttons is one Tab stop (its checked one, or its first while none is checked);
// the arrow keys move within it.
// Needs setup_names.js first.
() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, ' +
                   '[tabindex], [contenteditable]:not([contenteditable=false]), audio[controls], video[controls]';
  return [...document.querySelectorAll(selector)]
    .filter(el => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') &&
                  el.checkVisibility({visibilityProperty: true, opacityProperty: false}))
    .filter(el => {
      if (el.type !== 'radio' || !el.name) return true;
      const checked = document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      return checked ? el === checked : el === document.querySelector(`input[type=radio][name="${el.name}"]`);
    })
    .map(el => window.__a11yName(el));
}
