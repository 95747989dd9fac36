/* The phone menu (issue 14): the header's button folds the slogans, the site search and the columns below 48rem.
   The stylesheet folds the menu from the first paint; this script only opens and closes it. Without JavaScript,
   static/css/no-script.css hides the button and keeps the menu open. On wide screens the stylesheet hides the button
   and shows the menu whatever its state. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  var header = button.closest(".site-header");

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  // A <button> already answers Enter and Space with a click.
  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });
  // Escape closes the open menu from anywhere in the header and gives the focus back to the button.
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen() && button.offsetParent !== null) {
      setOpen(false);
      button.focus();
    }
  });
})();
