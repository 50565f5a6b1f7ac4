/* Open the collapsed FAQ answer (or any <details>, such as the crisis box)
 * that the address points at, or that holds what it points at.
 *
 * Each FAQ question is a <details> whose summary holds the question's heading
 * id. A link to faq/#question-id, a search result, or the back button must
 * show the answer, not a closed box. Material's instant navigation swaps pages
 * without reloading, so this runs on every page it emits through `document$`,
 * and again whenever only the hash changes.
 */
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    if (!target) {
      return;
    }
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) {
      target.scrollIntoView();
    }
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(openTarget);
  } else {
    document.addEventListener("DOMContentLoaded", openTarget);
  }
  window.addEventListener("hashchange", openTarget);
})();
