// The inspector's only script: live refresh over Server-Sent Events, the redeliver and inject actions,
// and the segment calculator's live update. No framework, no network access beyond this emulator.
(function () {
  "use strict";
  var status = document.getElementById("live-status");

  function refresh() {
    var live = document.getElementById("live");
    if (!live) return;
    fetch(location.href, { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live");
        if (fresh) live.innerHTML = fresh.innerHTML;
      });
  }

  if (window.EventSource && document.getElementById("live")) {
    var source = new EventSource("/ui/live");
    source.onopen = function () { status.dataset.state = "on"; };
    source.onerror = function () { status.dataset.state = "off"; };
    source.addEventListener("change", refresh);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-redeliver]");
    if (!button) return;
    button.disabled = true;
    fetch("/ui/deliveries/" + button.dataset.redeliver + "/redeliver", { method: "POST" })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        button.textContent = answer.redelivered ? "queued again" : "not given up";
        refresh();
      });
  });

  var inject = document.getElementById("inject");
  if (inject) {
    inject.addEventListener("submit", function (event) {
      event.preventDefault();
      var f = inject.elements;
      var body = { applicationId: f.applicationId.value, from: f.from.value, to: f.to.value, text: f.text.value };
      fetch("/admin/accounts/" + encodeURIComponent(f.accountId.value) + "/inbound", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      }).then(function (r) { return r.json(); }).then(function (answer) {
        document.getElementById("inject-result").textContent =
          answer.messageIds ? "injected " + answer.messageIds.join(", ") : "refused: " + answer.error;
        refresh();
      });
    });
  }

  var text = document.getElementById("calc-text");
  if (text) {
    var timer;
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/ui/segments/result?text=" + encodeURIComponent(text.value))
          .then(function (r) { return r.text(); })
          .then(function (html) { document.getElementById("calc-result").innerHTML = html; });
      }, 120);
    });
  }
})();
