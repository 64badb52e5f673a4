// daotao — the only script of our own. No inline scripts anywhere (CSP).
document.addEventListener("change", function (e) {
  var t = e.target;
  if (t.matches && t.matches("input[data-select-all]")) {
    var boxes = document.querySelectorAll("input[name='" + t.getAttribute("data-select-all") + "']");
    boxes.forEach(function (b) { b.checked = t.checked; });
  }
});

// A form with data-confirm asks before it is sent (withdrawing, bulk decisions).
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (f.matches && f.matches("form[data-confirm]") && !window.confirm(f.getAttribute("data-confirm"))) {
    e.preventDefault();
  }
});

// One navigation menu open at a time; a click elsewhere or Escape closes it.
document.addEventListener("click", function (e) {
  document.querySelectorAll("nav.main details[open]").forEach(function (d) {
    if (!d.contains(e.target)) { d.removeAttribute("open"); }
  });
});
document.addEventListener("keydown", function (e) {
  if (e.key === "Escape") {
    document.querySelectorAll("nav.main details[open]").forEach(function (d) { d.removeAttribute("open"); });
  }
});
