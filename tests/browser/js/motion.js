// Anything that moves: running animations, animations and transitions longer than 10 ms,
// animated scrolling. Run it with reduced motion requested.
() => {
  const found = [];
  const seconds = list => Math.max(...list.split(',').map(t => t.trim().endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t)));
  for (const a of document.getAnimations()) {
    if (a.playState === 'running') found.push(`a running animation (${a.animationName || a.transitionProperty || a.id || 'unnamed'}) on ${a.effect && a.effect.target ? a.effect.target.tagName.toLowerCase() : '?'}`);
  }
  for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + (pseudo || '');
      if (cs.animationName !== 'none' && seconds(cs.animationDuration) > 0.01) found.push(`${name} has an animation of ${cs.animationDuration}`);
      if (seconds(cs.transitionDuration) > 0.01) found.push(`${name} has a transition of ${cs.transitionDuration}`);
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior !== 'auto') found.push('scrolling is animated (scroll-behavior)');
  return found;
}
