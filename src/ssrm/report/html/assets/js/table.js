/* The findings table and its pager. */
function badge(kind, v) { return '<span class="badge ' + kind + '-' + esc(v) + '">' + esc(v) + '</span>'; }
function resHref(xi) { return '#resource=' + encodeURIComponent(X.arn[xi]); }

function renderTable() {
  var c = D.findings.columns, st = D.findings.statuses, s = D.findings.strings;
  var pages = Math.max(1, Math.ceil(matches.length / PAGE));
  if (state.page > pages) state.page = pages;
  var start = (state.page - 1) * PAGE, end = Math.min(matches.length, start + PAGE);
  var html = '';
  for (var j = start; j < end; j++) {
    var i = matches[j], ri = c.rule[i], xi = c.resource[i];
    html += '<tr data-href="' + esc(resHref(xi)) + '"><td>' + badge('st', st[c.status[i]]) + '</td><td>' +
      badge('sev', R.sev[ri]) + '</td><td>' + esc(R.layer[ri]) + '</td><td class="nw">' + esc(R.stage[ri]) + '</td><td>' +
      '<div>' + esc(R.title[ri]) + '</div><div class="rid">' + esc(R.id[ri]) + '</div><div class="reason">' +
      esc(s[c.reason[i]]) + '</div></td><td><a href="' + esc(resHref(xi)) + '">' + esc(X.id[xi]) +
      '</a><div class="rtype">' + esc(X.type[xi]) + '</div></td><td class="nw">' + esc(X.region[xi]) + '</td></tr>';
  }
  if (!html) html = '<tr><td colspan="7">No finding matches these filters.</td></tr>';
  byId('findings-body').innerHTML = html;
  byId('f-count').textContent = matches.length
    ? 'Showing ' + fmt(start + 1) + '–' + fmt(end) + ' of ' + fmt(matches.length) + ' matching findings (' + fmt(N) + ' in total)'
    : 'No matching findings (' + fmt(N) + ' in total)';
  byId('p-info').textContent = 'Page ' + fmt(state.page) + ' of ' + fmt(pages);
  byId('p-prev').disabled = state.page <= 1;
  byId('p-next').disabled = state.page >= pages;
}

function syncForm() {
  FILTERS.forEach(function (k) {
    var sel = byId('f-' + k);
    var want = state[k] || '';
    if (want && !Array.prototype.some.call(sel.options, function (o) { return o.value === want; })) {
      var o = document.createElement('option'); o.value = want; o.textContent = want + ' (0)'; sel.appendChild(o);
    }
    sel.value = want;
  });
  byId('f-q').value = state.q;
}

// pushHash: record the new state in the URL; replace: overwrite the current entry (typing in search)
function refresh(pushHash, replace) {
  applyFilters();
  renderSortHeaders();
  renderTable();
  if (pushHash) { lastListHash = listHash(state); setHash(lastListHash, replace); }
}
