/* Wide tables scroll sideways inside a box that Material adds. Keyboard users
   can only scroll a box they can focus (WCAG 2.1.1; axe
   scrollable-region-focusable), so each box that really scrolls becomes a
   focusable, labelled region, and sighted readers get a cue: shadows at the
   edges (reader.css) and a line of text above it. Runs after every page load,
   including Material's instant navigation. */
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth;
    if (!scrolls || box.hasAttribute("tabindex")) {
      return;
    }
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Table (scrolls sideways)");
    box.classList.add("kb-scrolls");
    var hint = document.createElement("p");
    hint.className = "kb-scroll-hint";
    hint.setAttribute("aria-hidden", "true"); // the region's name says it
    hint.textContent = "Scroll sideways to see the whole table \u2192";
    box.parentNode.insertBefore(hint, box);
  });
});
