/* Autosave of proposal sections. htmx posts a section's form when its text changes (see the
   hx- attributes of the textarea); this adds what htmx alone does not: the live character
   counter, "Not saved — retrying" with a growing delay after a network or server error, showing
   the reason of a refused save (400, 403) or a conflict (409), and holding autosave while a
   conflict waits for "Keep theirs" or "Use mine". While a text is not yet saved the status says
   "Saving…", leaving the page asks first, and whatever is unsaved is sent as the page goes (a
   keepalive request, which outlives the page; sent at beforeunload so that a reload's new page
   already shows it, and again at pagehide for the ways out that skip beforeunload).
   No inline script: the CSP refuses it. Its words come from Django's JavaScript catalogue
   (gettext, interpolate), loaded before it. A form that the live editor took over
   (data-live-active="1", static/dist/live.js) is left alone: the live editor saves it. */
(function () {
  "use strict";

  var FIRST_DELAY = 2000;
  var LONGEST_DELAY = 60000;
  var KEEPALIVE_LIMIT = 60000; // bytes of text; the form's other fields take the rest of 64 KiB
  var EXPLAINED = [400, 403, 409]; // the server sends the reason in the status line
  var retries = new WeakMap(); // form -> {attempts, timer}
  var held = new WeakMap(); // box -> the text the server holds: saved, or kept after a conflict
  var sending = new WeakMap(); // form -> the text of its request on the way
  var flushed = new WeakMap(); // box -> the text last sent as the page was leaving

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  function sectionForm(element) {
    return element && element.closest ? element.closest("form.section-form") : null;
  }

  function isLive(form) {
    return form.dataset.liveActive === "1";
  }

  function textBox(form) {
    return form.querySelector("textarea[data-autosave]");
  }

  function showStatus(form, text, tone) {
    var status = form.querySelector(".section-status");
    var line = document.createElement("span");
    line.className = tone || "text-danger";
    line.textContent = text;
    status.replaceChildren(line);
  }

  // The form of a section's save (htmx's POST), or null: "Keep theirs" is a GET inside it.
  function savingForm(event) {
    var config = event.detail.requestConfig;
    return config && config.verb === "post" ? sectionForm(event.detail.elt) : null;
  }

  function inConflict(form) {
    return Boolean(form.querySelector(".section-conflict"));
  }

  function unsaved(box) {
    return box.value !== (held.has(box) ? held.get(box) : box.defaultValue);
  }

  function showSaving(form) {
    if (!inConflict(form) && !retries.has(form)) {
      showStatus(form, gettext("Saving…"), "text-body-secondary");
    }
  }

  // Send a section's unsaved text as the page goes: a keepalive request outlives the page. If
  // the page stays after all (the writer chose to stay), its answer is shown as htmx would.
  function flush(form) {
    var box = textBox(form);
    if (!box || isLive(form) || !unsaved(box) || inConflict(form) || flushed.get(box) === box.value) {
      return;
    }
    var text = box.value;
    flushed.set(box, text);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
      // Browsers refuse a keepalive body past 64 KiB: a longer text goes as a plain request,
      // which leaves before a navigation's new page arrives, not always before a closed tab.
      keepalive: new Blob([text]).size < KEEPALIVE_LIMIT,
    }).then(function (response) {
      if (response.status >= 500) {
        throw new Error(response.statusText);
      }
      if (response.status === 200 || response.status === 409) {
        held.set(box, text);
      } else {
        flushed.delete(box); // refused: autosave may send it again
      }
      return response.text().then(function (html) {
        if (box.value === text) { // else a later save's answer tells more: its version, its time
          htmx.swap(form.querySelector(".section-status"), html, { swapStyle: "innerHTML" });
        }
      });
    }).catch(function () {
      flushed.delete(box);
      retryLater(form); // only matters if the page stayed
    });
  }

  function flushAll() {
    document.querySelectorAll("form.section-form").forEach(flush);
  }

  function updateCounter(box) {
    var counter = document.getElementById(box.dataset.counter);
    var limit = Number(box.dataset.limit);
    var length = Array.from(box.value.replace(/\r\n/g, "\n")).length; // characters, as Python counts
    var over = length - limit;
    counter.querySelector("[data-count]").textContent = grouped(length) + " / " + grouped(limit);
    counter.querySelector("[data-over]").textContent = over > 0
      ? interpolate(
        gettext("over the limit by %(over)s — allowed in a draft, blocks submission"),
        { over: grouped(over) },
        true
      )
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
    showStatus(form, gettext("Not saved — retrying"));
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-autosave]")) {
      updateCounter(event.target);
      if (unsaved(event.target)) {
        showSaving(event.target.form);
      }
    }
  });

  // Leaving with a text not saved yet: send it now, and ask (the browser words the question).
  window.addEventListener("beforeunload", function (event) {
    var boxes = Array.from(document.querySelectorAll("textarea[data-autosave]"));
    if (boxes.some(function (box) { return !isLive(box.form) && unsaved(box); })) {
      flushAll();
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.addEventListener("pagehide", flushAll);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = savingForm(event);
    if (form) {
      sending.set(form, textBox(form).value);
      showSaving(form);
    }
  });

  // While a conflict panel is open, typing saves nothing: the writer chooses first. Nor does
  // autosave send again the text sent as the page was leaving (leaving blurs the box).
  document.addEventListener("htmx:confirm", function (event) {
    var form = sectionForm(event.detail.elt);
    if (form && isLive(form)) {
      event.preventDefault();
      return;
    }
    var box = event.detail.elt;
    if (box.matches("textarea[data-autosave]")
        && (inConflict(box.form) || flushed.get(box) === box.value)) {
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
    var form = savingForm(event);
    if (!form) {
      return;
    }
    var status = event.detail.xhr.status;
    var box = textBox(form);
    if (status === 200 || status === 409) { // saved, or kept in the history beside theirs
      held.set(box, sending.get(form));
    }
    if (!event.detail.successful) {
      return;
    }
    var retry = retries.get(form);
    if (retry) {
      clearTimeout(retry.timer);
      retries.delete(form);
    }
    if (unsaved(box)) { // typed while this one was on its way: the next save is coming
      showSaving(form);
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
      showStatus(form, gettext("Not saved — reload the page to see why."));
    }
  });
})();
