/* A "Search this site" button on the home page, beside "All questions and
   answers": it opens the theme's search box (the same as pressing "/"). Added
   here, not written in the page, so a browser without scripts shows no
   button that does nothing. */
document$.subscribe(function () {
  var row = document.querySelector(".md-typeset .kb-home-actions");
  if (!row || row.querySelector(".kb-search-button")) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button kb-search-button";
  button.textContent = "Search this site";
  button.addEventListener("click", function () {
    var toggle = document.querySelector('input[data-md-toggle="search"]');
    if (toggle && !toggle.checked) {
      toggle.click(); // the theme listens for this change, as when its own label is pressed
    }
    var input = document.querySelector(".md-search__input");
    if (input) {
      input.focus();
    }
  });
  row.appendChild(document.createTextNode(" "));
  row.appendChild(button);
});
