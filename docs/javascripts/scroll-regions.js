/* Wide tables scroll sideways inside a box that Material adds. Keyboard users
   can only scroll a box they can focus (WCAG 2.1.1; axe
   scrollable-region-focusable), so each box that really scrolls becomes a
   focusable, labelled region. Runs after every page load, including
   Material's instant navigation. */
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  });
});
