"""Helpers for tests that use the site as a reader would: keyboard, search, print."""

from __future__ import annotations

from dataclasses import dataclass

# Elements a keyboard user can reach, as the browser sees them: hidden content
# and the inside of closed <details> excluded; of a radio group, the checked
# radio (or the first, when none is checked), as Tab visits it.
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.tabIndex < 0 || element.disabled || element.closest('[inert], [hidden]')) continue;
    if (!element.getClientRects().length || getComputedStyle(element).visibility === 'hidden') continue;
    const closed = element.closest('details:not([open])');
    if (closed && !closed.querySelector(':scope > summary')?.contains(element)) continue;
    if (element.type === 'radio' && !visitedRadio(element)) continue;
    element.dataset.kbFocusable = String(found.length);
    found.push(describe(element));
  }
  return found;
  function visitedRadio(radio) {
    const group = [...document.querySelectorAll(`input[type=radio][name="${radio.name}"]`)];
    return radio.checked || (!group.some(r => r.checked) && group[0] === radio);
  }
  function describe(e) {
    const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().replace(/\\s+/g, ' ');
    return `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} "${text.slice(0, 40)}"`;
  }
}"""

# The focused element, and whether its focus is visible: an outline or a
# shadow on it (for Material's invisible palette radio: on the label after it).
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  let shown = element;
  if (element.matches('input.md-option') && element.nextElementSibling?.tagName === 'LABEL') {
    shown = element.nextElementSibling;
  }
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  const box = shown.getBoundingClientRect();
  return {
    index: element.dataset.kbFocusable ?? null,
    label: `${element.tagName.toLowerCase()}.${String(element.className).split(' ')[0]}`,
    visible: (outline || shadow) && box.width * box.height > 0,
  };
}"""


@dataclass
class TabWalk:
    """The result of pressing Tab through a whole page."""

    focusable: list[str]  # descriptions, by index
    reached: set[int]
    invisible: list[str]  # elements whose focus was not visible
    presses: int


def tab_through(page, limit_extra: int = 30) -> TabWalk:
    """Press Tab from the top of the page until focus comes back to the first element."""
    focusable = page.evaluate(MARK_FOCUSABLE)
    reached: set[int] = set()
    invisible: list[str] = []
    first = None
    presses = 0
    for presses in range(1, len(focusable) + limit_extra):  # noqa: B007 (count kept)
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        key = state["index"]
        if key is not None and int(key) == first:
            break
        if first is None and key is not None:
            first = int(key)
        if key is not None:
            reached.add(int(key))
        if not state["visible"]:
            invisible.append(f"{state['label']} ({focusable[int(key)] if key is not None else 'unmarked'})")
    return TabWalk(focusable, reached, invisible, presses)
