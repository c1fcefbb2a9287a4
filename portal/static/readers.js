// 专项整治考核门户: the little the pages do in the browser, loaded from the
// portal itself (the policy allows scripts from 'self' only). Each page works
// without it: the search only hides rows, the confirmation only asks first.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // <input data-filter="SELECTOR">: show only the rows of the tables
  // SELECTOR names whose text holds what is typed; a group (<details>)
  // holding matches is opened, one holding none hidden.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      document.querySelectorAll(input.dataset.filter).forEach(function (table) {
        var shown = 0;
        table.querySelectorAll("tbody tr").forEach(function (tr) {
          var hit = q === "" || tr.textContent.toLowerCase().indexOf(q) >= 0;
          tr.hidden = !hit;
          if (hit) { shown++; }
        });
        var group = table.closest("details");
        if (group) {
          group.hidden = shown === 0;
          if (q !== "" && shown > 0) { group.open = true; }
        }
      });
    });
  });
  // <form data-confirm="TEXT">: ask before sending.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); }
    });
  });
});
