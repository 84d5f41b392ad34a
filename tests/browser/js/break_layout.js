// Breaks the page on purpose for test_the_checks_catch_what_they_look_for: a line too wide
// for a phone, a tiny navigation link, a focus ring removed, an image without alt text.
// Styles are set through the CSSOM, which the Content-Security-Policy allows.
() => {
  const wide = document.createElement('p');
  wide.textContent = 'x'.repeat(200); wide.style.whiteSpace = 'nowrap'; wide.style.width = '600px';
  document.querySelector('main').append(wide);
  const menu = document.querySelector('.site-menu');   // on a phone the links are behind "Menu"
  if (menu) menu.open = true;
  const nav = document.querySelector('.site-nav a');
  nav.style.minHeight = '0'; nav.style.display = 'inline'; nav.style.fontSize = '10px';
  document.querySelector('.site-name').style.cssText = 'outline: none !important; box-shadow: none !important;';
  const img = document.createElement('img'); img.src = '/static/favicon.svg';
  document.querySelector('main').append(img);
}
