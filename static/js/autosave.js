/* Autosave of proposal sections. htmx posts a section's form when its text changes (see the
   hx- attributes of the textarea); this adds what htmx alone does not: the live character
   counter, "Not saved — retrying" with a growing delay after a network or server error, showing
   the reason of a refused save (400, 403) or a conflict (409), and holding autosave while a
   conflict waits for "Keep theirs" or "Use mine". No inline script: a CSP comes later. */
(function () {
  "use strict";

  var FIRST_DELAY = 2000;
  var LONGEST_DELAY = 60000;
  var EXPLAINED = [400, 403, 409]; // the server sends the reason in the status line
  var retries = new WeakMap(); // form -> {attempts, timer}

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  function sectionForm(element) {
    return element && element.closest ? element.closest("form.section-form") : null;
  }

  function textBox(form) {
    return form.querySelector("textarea[data-autosave]");
  }

  function showStatus(form, text) {
    var status = form.querySelector(".section-status");
    var line = document.createElement("span");
    line.className = "text-danger";
    line.textContent = text;
    status.replaceChildren(line);
  }

  function updateCounter(box) {
    var counter = document.getElementById(box.dataset.counter);
    var limit = Number(box.dataset.limit);
    var length = Array.from(box.value.replace(/\r\n/g, "\n")).length; // characters, as Python counts
    var over = length - limit;
    counter.querySelector("[data-count]").textContent = grouped(length) + " / " + grouped(limit);
    counter.querySelector("[data-over]").textContent = over > 0
      ? "over the limit by " + grouped(over) + " — allowed in a draft, blocks submission"
      : "";
    counter.classList.toggle("text-danger", over > 0);
  }

  function retryLater(form) {
    var retry = retries.get(form) || { attempts: 0, timer: null };
    clearTimeout(retry.timer);
    retry.attempts += 1;
    var delay = Math.min(FIRST_DELAY * Math.pow(2, retry.attempts - 1), LONGEST_DELAY);
    retry.timer = setTimeout(function () {
      htmx.trigger(textBox(form), "retry-save");
    }, delay);
    retries.set(form, retry);
    showStatus(form, "Not saved — retrying");
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-autosave]")) {
      updateCounter(event.target);
    }
  });

  // While a conflict panel is open, typing saves nothing: the writer chooses first.
  document.addEventListener("htmx:confirm", function (event) {
    var box = event.detail.elt;
    if (box.matches("textarea[data-autosave]") && box.form.querySelector(".section-conflict")) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (sectionForm(event.detail.elt) && EXPLAINED.indexOf(event.detail.xhr.status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = sectionForm(event.detail.elt);
    if (!form || !event.detail.successful) {
      return;
    }
    var retry = retries.get(form);
    if (retry) {
      clearTimeout(retry.timer);
      retries.delete(form);
    }
  });

  // No answer at all (network down) or a server error: try again, less and less often.
  document.addEventListener("htmx:sendError", function (event) {
    var form = sectionForm(event.detail.elt);
    if (form) {
      retryLater(form);
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var form = sectionForm(event.detail.elt);
    if (!form) {
      return;
    }
    if (event.detail.xhr.status >= 500) {
      retryLater(form);
    } else {
      showStatus(form, "Not saved — reload the page to see why.");
    }
  });
})();
