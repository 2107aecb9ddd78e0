// Move focus to the error summary, so that screen-reader and keyboard users start there.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
