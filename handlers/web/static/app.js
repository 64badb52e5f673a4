// daotao — the only script of our own. No inline scripts anywhere (CSP).
document.addEventListener("change", function (e) {
  var t = e.target;
  if (t.matches && t.matches("input[data-select-all]")) {
    var boxes = document.querySelectorAll("input[name='" + t.getAttribute("data-select-all") + "']");
    boxes.forEach(function (b) { b.checked = t.checked; });
  }
});
