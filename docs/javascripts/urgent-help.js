/* The header's "Urgent help" link points at the page's crisis box. Material's
   instant navigation swaps the page but keeps the header, so after each page
   change the link is shown only when the new page has the box. The box is a
   <details>: the link opens it (also when the address already points at it,
   where no hashchange fires), and faq.js opens it for any address that does. */
document$.subscribe(function () {
  var link = document.querySelector(".kb-help-now");
  if (!link) {
    return;
  }
  link.hidden = !document.getElementById("urgent-help");
  if (!link.dataset.kbHelp) {
    link.dataset.kbHelp = "1";
    link.addEventListener("click", function () {
      var box = document.getElementById("urgent-help");
      if (box && box.tagName === "DETAILS") {
        box.open = true;
      }
    });
  }
});
