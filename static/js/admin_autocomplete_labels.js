// Select2, which draws the admin's search-as-you-type boxes, names its box after the value
// shown in it, so an empty box has no name at all. Name each box after the field's own
// label as well, so a screen reader says which field it is whether or not it is filled.
// Select2 draws its boxes when jQuery is ready, so we name each one as it appears.
"use strict";
(function () {
  function nameBox(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const container = select.nextElementSibling;
    if (!label || !container || !container.classList.contains("select2")) {
      return;
    }
    const shown = container.querySelector(".select2-selection__rendered");
    const box = container.querySelector(".select2-selection");
    if (!shown || !box) {
      return;
    }
    label.id = label.id || select.id + "_label";
    shown.setAttribute("aria-labelledby", label.id);
    box.setAttribute("aria-labelledby", label.id + " " + shown.id);
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        const select = node.previousElementSibling;
        if (node.classList && node.classList.contains("select2") && select) {
          nameBox(select);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
