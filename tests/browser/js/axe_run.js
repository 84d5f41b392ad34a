// Runs axe-core (already evaluated in the page) for the given tags; the violations, eight nodes each at most.
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 8).map(n => n.target.join(' ')),
    more: Math.max(0, v.nodes.length - 8),
  }));
}
