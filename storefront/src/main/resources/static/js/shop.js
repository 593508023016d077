// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  // Category and sort apply as soon as they change; without JavaScript the Search button does it.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit();   // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
    // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
  // A second click on "Place order" would only replay the same order (same Idempotency-Key),
  // but greying the button out tells the shopper their click was taken.
  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('button[type=submit]').forEach(function (button) {
        setTimeout(function () { button.disabled = true; }, 0);
        // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
      // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
    // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
  // The checkout waiting room: send the same order again (same key, so never twice) after Retry-After.
  document.querySelectorAll('form[data-retry-after]').forEach(function (form) {
    var seconds = parseInt(form.getAttribute('data-retry-after'), 10) || 2;
    setTimeout(function () { form.submit(); }, seconds * 1000);
  });
});
