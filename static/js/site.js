// Move focus to the error summary, so that screen-reader and keyboard users start there.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// In a form marked data-enter-does-not-submit (one that emails someone or cannot be
// undone), Enter in a text field does not send it: only the button does.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (
    event.key === "Enter" &&
    field instanceof HTMLInputElement &&
    field.form &&
    field.form.hasAttribute("data-enter-does-not-submit") &&
    !["submit", "button", "reset", "image"].includes(field.type)
  ) {
    event.preventDefault();
  }
});
