// Small, optional helpers for the flow editor and simulator; every page works without them.
(function () {
  "use strict";

  // "line 12" links next to a problem select that line in the script textarea.
  var body = document.getElementById("body");
  if (body) {
    document.querySelectorAll("a.problem__line[data-line]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var wanted = parseInt(link.getAttribute("data-line"), 10);
        var lines = body.value.split("\n");
        var start = 0;
        for (var i = 0; i < wanted - 1 && i < lines.length; i += 1) {
          start += lines[i].length + 1;
        }
        var end = start + (lines[wanted - 1] || "").length;
        body.focus();
        body.setSelectionRange(start, end);
        var lineHeight = parseFloat(window.getComputedStyle(body).lineHeight) || 18;
        body.scrollTop = Math.max(0, (wanted - 5) * lineHeight);
      });
    });
    // Tab inserts two spaces instead of leaving the textarea (Escape, then Tab, leaves it).
    var tabLeaves = false;
    body.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { tabLeaves = true; return; }
      if (event.key === "Tab" && !event.shiftKey && !tabLeaves && !body.readOnly) {
        event.preventDefault();
        var s = body.selectionStart;
        body.setRangeText("  ", s, body.selectionEnd, "end");
      }
      if (event.key !== "Tab") { tabLeaves = false; }
    });
  }

  // Keep the newest simulator message in view.
  var chat = document.getElementById("chat");
  if (chat) { chat.scrollTop = chat.scrollHeight; }

  // After a send, back to the message box for the next text (it is described by the reply,
  // so a screen reader reads that first). Never on opening the page.
  var sent = document.querySelector(".phone__compose[data-sent] #sim-text");
  if (sent) { sent.focus(); }
})();
