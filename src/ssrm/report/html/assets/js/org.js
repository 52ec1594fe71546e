// Organization view: filter the heat map by OU; an account link filters the findings to that account.
(function orgView() {
  var select = document.getElementById('f-ou');
  if (!select) { return; }
  select.addEventListener('change', function () {
    var rows = document.querySelectorAll('table.heatmap tbody tr');
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = select.value !== '' && rows[i].getAttribute('data-ou').indexOf(select.value) !== 0;
    }
  });
  var links = document.querySelectorAll('a.acct');
  for (var j = 0; j < links.length; j++) {
    links[j].addEventListener('click', function (event) {
      var box = document.getElementById('f-q');
      if (!box) { return; }
      box.value = event.currentTarget.getAttribute('data-account');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}());
