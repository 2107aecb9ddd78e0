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

// A link in the error summary puts the cursor in its field (the GOV.UK pattern), with the
// field's label in view, not only the page scrolled to it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (label || field).scrollIntoView();
  field.focus({ preventScroll: true });
});

// A form with a Save button per section (the profile page): Enter in a section's field
// saves that section, as its own button would, not the form's first.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (
    event.key !== "Enter" ||
    event.defaultPrevented ||
    !(field instanceof HTMLInputElement) ||
    ["submit", "button", "reset", "image"].includes(field.type)
  ) {
    return;
  }
  const button = field.closest("[data-form-section]")?.querySelector("button[type='submit']");
  if (!button) return;
  event.preventDefault();
  button.click();
});
