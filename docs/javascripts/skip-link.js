/* "Skip to content" must move keyboard focus, not only scroll. Left to the
   browser and the theme's instant navigation, following the link ends with
   focus on <body>, and the next Tab sometimes went back to the header. Here
   the link focuses its target heading (focusable, not tabbable) itself and
   records the address, so the next Tab always continues in the content. */
document$.subscribe(function () {
  var skip = document.querySelector("a.md-skip");
  if (!skip || skip.dataset.kbSkip) {
    return;
  }
  skip.dataset.kbSkip = "1";
  skip.addEventListener("click", function (event) {
    var target = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    event.stopPropagation(); // the theme would navigate again and drop the focus
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    if (location.hash !== skip.hash) {
      history.pushState(null, "", skip.hash);
    }
    target.focus();
  });
});
