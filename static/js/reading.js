/* Reading preferences and the article's tools (issue 14).
 *
 * The page's HTML is the same for every reader (the page cache serves it to all): a reader's choices live in this
 * browser's localStorage only, never in a cookie, and are applied as classes on <html>. This file is loaded in
 * <head> without defer, so a stored choice is applied before the first paint; the buttons are reached through one
 * click listener on the document, which works before the body has been parsed.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var ELDER_KEY = "portal:large-print";
  var STEP_KEY = "portal:article-text-step";
  var MAX_STEP = 3;

  // The buttons need this script: CSS shows them only under this class.
  root.classList.add("js");

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function store(key, value) {
    try {
      if (value) { window.localStorage.setItem(key, value); } else { window.localStorage.removeItem(key); }
    } catch (error) { /* Storage refused (private mode): the choice lasts for this page only. */ }
  }

  function textStep() {
    var step = parseInt(read(STEP_KEY), 10);
    return step > 0 && step <= MAX_STEP ? step : 0;
  }

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  function apply() {
    var elder = read(ELDER_KEY) === "on";
    var step = textStep();
    root.classList.toggle("large-print", elder);
    for (var i = 1; i <= MAX_STEP; i += 1) { root.classList.toggle("text-step-" + i, step === i); }
    each("[data-large-print]", function (button) { button.setAttribute("aria-pressed", String(elder)); });
    each("[data-text-step]", function (button) {
      var change = parseInt(button.getAttribute("data-text-step"), 10);
      button.disabled = (change > 0 && step >= MAX_STEP) || (change < 0 && step <= 0);
    });
  }

  function copyLink(button) {
    var status = document.getElementById(button.getAttribute("aria-controls"));
    var url = button.getAttribute("data-copy-link");
    function say(message) { if (status) { status.textContent = message; } }
    if (!navigator.clipboard) { say(button.getAttribute("data-failed") + " " + url); return; }
    navigator.clipboard.writeText(url).then(
      function () { say(button.getAttribute("data-done")); },
      function () { say(button.getAttribute("data-failed") + " " + url); }
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-large-print")) {
      store(ELDER_KEY, read(ELDER_KEY) === "on" ? "" : "on");
      apply();
    } else if (button.hasAttribute("data-text-step")) {
      var step = textStep() + parseInt(button.getAttribute("data-text-step"), 10);
      store(STEP_KEY, step > 0 ? String(Math.min(step, MAX_STEP)) : "");
      apply();
    } else if (button.hasAttribute("data-copy-link")) {
      copyLink(button);
    } else if (button.hasAttribute("data-print")) {
      window.print();
    }
  });

  // Another tab changed the choice: follow it.
  window.addEventListener("storage", apply);
  apply();
  document.addEventListener("DOMContentLoaded", apply);
}());
