"""The project's rule for a page sent back with errors, checked in a real browser
(`assert_good_error_page`): one error summary at the top, focused, each message once, each
link leading to its field; and what the summary says (`summary_state`). A link of a message's
own (the office's address, a page to open) leads elsewhere, not to a field: no field link
is put around it."""

from tests.e2e.conftest import assert_accessible


def summary_state(page) -> dict:
    """What the error summary says and where each of its links leads, once the page is read
    (its DOMContentLoaded, when site.js moves the focus): a page just sent back can be read
    while it is still arriving, the summary there and not yet focused."""
    page.wait_for_load_state("domcontentloaded")
    return page.evaluate(
        """() => {
        const summary = document.querySelector('[data-error-summary]');
        if (!summary) return null;
        const main = document.querySelector('main') || document.body;
        const items = [...summary.querySelectorAll('li')].map(li => {
          const a = li.querySelector('a[href^="#"]');  // to a field, not the message's own
          const href = a ? decodeURIComponent(a.hash.slice(1)) : null;
          const target = href ? document.getElementById(href) : null;
          return {
            text: li.innerText.trim(),
            href,
            target: target ? target.tagName : null,
          };
        });
        // Every error shown beside a field, anywhere on the page.
        const inline = [...document.querySelectorAll('.invalid-feedback strong, .invalid-feedback')]
          .filter(el => el.tagName === 'STRONG' || !el.querySelector('strong'))
          .map(el => el.innerText.trim());
        return {
          items,
          inline,
          focused: document.activeElement === summary,
          title: document.title,
          count: document.querySelectorAll('[data-error-summary]').length,
          mainText: main.innerText,
          summaryText: summary.innerText,
        };
    }"""
    )


def assert_good_error_page(page) -> dict:
    """The project's rule for a page sent back with errors."""
    state = summary_state(page)
    assert state is not None, f"no error summary on {page.url}"
    assert state["count"] == 1, f"{state['count']} error summaries on {page.url}"
    assert state["focused"], f"focus is not on the error summary on {page.url}"
    assert state["title"].startswith("Error: "), state["title"]
    texts = [item["text"] for item in state["items"]]
    assert texts, "the error summary lists nothing"
    assert len(set(texts)) == len(texts), f"a message is said twice in the summary: {texts}"
    for item in state["items"]:
        if item["href"] is not None:
            assert item["target"] in ("INPUT", "SELECT", "TEXTAREA"), (
                f"{item['text']!r} links to #{item['href']}, which is {item['target']}"
            )
    # Beside each field, each message once.
    outside = state["mainText"].replace(state["summaryText"], "", 1)
    inline = state["inline"]
    for item in state["items"]:
        if item["href"]:
            # The message beside the field is the summary line's ending.
            beside = [m for m in set(inline) if item["text"].endswith(m)]
            assert beside, f"{item['text']!r} is not said beside its field on {page.url}"
            message = max(beside, key=len)
            expected = sum(
                1 for other in state["items"] if other["href"] and other["text"].endswith(message)
            )
            said = outside.count(message)
            assert said == expected, (
                f"{message!r} is said {said} times beside the fields on {page.url}"
            )
        else:
            said = outside.count(item["text"])
            assert said == 0, f"{item['text']!r} is said again outside the summary on {page.url}"
    unlinked = page.evaluate(
        """() => [...document.querySelectorAll('[data-error-summary] a[href^="#"]')].map(a => {
          const field = document.getElementById(decodeURIComponent(a.hash.slice(1)));
          if (!field) return null;
          const holders = [field, field.closest('fieldset')].filter(Boolean);
          const said = holders.flatMap(el => (el.getAttribute('aria-describedby') || '')
              .split(/\\s+/).filter(Boolean))
            .map(id => document.getElementById(id)?.innerText || '').join(' ');
          const text = a.innerText.trim();
          const ok = text.split(/: /)
            .some((_, i, parts) => said.includes(parts.slice(i).join(': ')));
          return ok ? null : text + ' (described by: ' + said + ')';
        }).filter(Boolean)"""
    )
    assert unlinked == [], f"fields whose error is not read with them on {page.url}: {unlinked}"
    assert_accessible(page)
    return state
