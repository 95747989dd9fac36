// Language tabs that hold an error are marked, and the form opens on the first of them: an error in a hidden tab
// would leave the editor with only "Please correct the error below". modeltranslation looks for the error class on
// the row, where Django's admin no longer puts it, so the panels are searched here once its tabs exist.
window.addEventListener("load", function () {
  var first = null;
  document.querySelectorAll(".ui-tabs-panel").forEach(function (panel) {
    if (!panel.querySelector(".errorlist")) {
      return;
    }
    var tab = document.querySelector('a.ui-tabs-anchor[href="#' + panel.id + '"]');
    if (!tab) {
      return;
    }
    tab.parentElement.classList.add("ui-tab-has-errors");
    tab.setAttribute("aria-invalid", "true");
    if (first === null) {
      first = tab;
    }
  });
  if (first !== null) {
    first.click();
    first.focus();
  }
});
