"""The handout variant of an article is made once, with ids that cannot clash and headings one level down."""
from kyphoplasty_site.content.handout import handout_html


def test_every_id_and_reference_gets_the_slug_and_headings_go_down_one_level():
    html = ('<h2 id="why">Why</h2><h3 id="how">How</h3>'
            '<button popovertarget="term-x" aria-describedby="term-x-def a">x</button>'
            '<span id="term-x" popover=""><span id="term-x-def">def</span></span>'
            '<a href="#why">up</a><a href="/articles/other/#why">other</a>'
            '<svg aria-labelledby="t"><title id="t">T</title><rect fill="url(#dots)"/></svg>')
    out = handout_html(html, "alpha")
    assert '<h3 id="alpha--why">Why</h3><h4 id="alpha--how">How</h4>' in out
    assert 'popovertarget="alpha--term-x" aria-describedby="alpha--term-x-def alpha--a"' in out
    assert '<span id="alpha--term-x" popover="">' in out and 'href="#alpha--why"' in out
    assert 'href="/articles/other/#why"' in out  # links to other pages keep their address
    assert 'aria-labelledby="alpha--t"' in out and 'id="alpha--t"' in out and 'url(#alpha--dots)' in out
