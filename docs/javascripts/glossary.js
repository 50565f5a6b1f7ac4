/* A filter box on the glossary page: typing hides the entries (and the letter
   headings left empty) that do not contain the text, and says how many match.
   Without scripts the page is the plain A-Z list, so the box is added here
   rather than written into the page. Runs on every page change (instant
   navigation) and does nothing on pages without glossary entries. */
document$.subscribe(function () {
  var entries = Array.prototype.slice.call(document.querySelectorAll(".md-typeset .kb-term"));
  var bar = document.querySelector(".md-typeset .kb-az");
  if (!entries.length || !bar || document.getElementById("kb-glossary-filter")) {
    return;
  }
  var box = document.createElement("div");
  box.className = "kb-filter";
  box.innerHTML =
    '<label for="kb-glossary-filter">Find a term</label> ' +
    '<input id="kb-glossary-filter" type="search" autocomplete="off" spellcheck="false"> ' +
    '<span class="kb-filter__count" role="status" aria-live="polite"></span>';
  bar.parentNode.insertBefore(box, bar);
  var input = box.querySelector("input");
  var count = box.querySelector(".kb-filter__count");
  var groups = Array.prototype.slice.call(document.querySelectorAll(".md-typeset details.kb-letter-group"));

  input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    entries.forEach(function (entry) {
      var match = !query || entry.textContent.toLowerCase().indexOf(query) !== -1;
      entry.hidden = !match;
      shown += match ? 1 : 0;
    });
    // While filtering, open the letters that hold a match and hide the others;
    // when the box is emptied, every letter is shown closed again.
    groups.forEach(function (group) {
      var any = Boolean(group.querySelector(".kb-term:not([hidden])"));
      group.hidden = Boolean(query) && !any;
      group.open = Boolean(query) && any;
    });
    bar.hidden = Boolean(query);
    count.textContent = query ? shown + " of " + entries.length + " terms" : "";
  });
});
