// Landmarks, a language, no template syntax showing; and the title, for the uniqueness check.
// (One h1 and heading levels are checked without a browser: tests/site/test_html_structure.py.)
() => {
  const found = [];
  const landmark = (selector, name) => { if (!document.querySelector(selector)) found.push(`no ${name} landmark`); };
  landmark('body > header, [role=banner]', 'header (banner)');
  landmark('nav, [role=navigation]', 'nav (navigation)');
  landmark('main, [role=main]', 'main');
  landmark('body > footer, [role=contentinfo]', 'footer (contentinfo)');
  if (document.querySelectorAll('main, [role=main]').length !== 1) found.push('more than one main');
  if (!document.documentElement.lang) found.push('<html> has no lang');
  const leak = document.body.innerText.match(/.{0,30}([{][#%{]|[#%}][}]).{0,30}/);
  if (leak) found.push(`template syntax shows on the page: "${leak[0]}"`);
  return {found, title: document.title};
}
