// Language tabs that hold an error are marked, and the form opens on the first of them: an error in a hidden tab
// would leave the editor with only "Please correct the error below". modeltranslation looks for the error class on
// the row, where Django's admin no longer puts it, so the panels are searched here once its tabs exist (it builds
// them in a jQuery ready callback, which may run after this page's load event).
(function () {
  function markErrorTabs(attempt) {
    var panels = document.querySelectorAll(".ui-tabs-panel");
    if (panels.length === 0) {
      if (attempt < 100) {
        window.setTimeout(function () { markErrorTabs(attempt + 1); }, 20);
      }
      return;
    }
    var first = null;
    panels.forEach(function (panel) {
      var tab = document.querySelector('a.ui-tabs-anchor[href="#' + panel.id + '"]');
      if (!tab || !panel.querySelector(".errorlist")) {
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
  }
  document.addEventListener("DOMContentLoaded", function () { markErrorTabs(0); });
})();
