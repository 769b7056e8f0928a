// A text box with a maxlength: the browser cuts a paste that does not fit without a word, so
// the hint under its label says so. Optional: the server refuses an over-long text anyway.
(function () {
  "use strict";

  document.querySelectorAll("textarea[maxlength][data-limit-hint]").forEach(function (box) {
    var hint = document.getElementById(box.getAttribute("data-limit-hint"));
    if (!hint) { return; }
    var usual = hint.textContent;
    var limit = box.maxLength;
    var shown = limit.toLocaleString("en-US");

    function say(text, full) {
      hint.textContent = text;
      hint.classList.toggle("field-hint--full", full);
    }

    box.addEventListener("paste", function (event) {
      var pasted = (event.clipboardData && event.clipboardData.getData("text")) || "";
      var kept = box.value.length - (box.selectionEnd - box.selectionStart);
      if (pasted.replace(/\r\n/g, "\n").length > limit - kept) {
        // After the browser has put in what fit, and after the input event below.
        window.setTimeout(function () {
          say("Not all of the pasted text fit: this box holds " + shown + " characters and " +
            "the rest was left out. Shorten it, or add the rest as another note.", true);
        }, 0);
      }
    });
    box.addEventListener("input", function () {
      if (box.value.length >= limit) {
        say("This box is full: " + shown + " characters at most.", true);
      } else {
        say(usual, false);
      }
    });
  });
})();
