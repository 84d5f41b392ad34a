// Breaks the page on purpose for test_the_checks_catch_what_they_look_for: no language,
// template syntax showing, and a slow transition.
() => {
  document.documentElement.removeAttribute('lang');
  document.querySelector('main').append('{# a template comment that spans two lines');
  document.querySelector('.site-name').style.setProperty('transition', 'color 2s', 'important');
}
