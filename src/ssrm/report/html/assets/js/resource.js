/* The resource page: everything known about one resource. */
function showResource(key) {
  var xi = key in X.byArn ? X.byArn[key] : X.byId[key];
  var view = byId('resource-view');
  view.hidden = false;
  if (xi === undefined) {
    byId('resource-h').textContent = 'Resource not found';
    byId('resource-body').innerHTML = '<p>No finding refers to ' + esc(key) + '.</p>';
  } else {
    byId('resource-h').textContent = 'Resource ' + X.id[xi];
    byId('resource-body').innerHTML = resourceHtml(xi);
  }
  byId('resource-back').setAttribute('href', lastListHash || '#all');
  view.scrollIntoView({ block: 'start' });
  byId('resource-h').focus({ preventScroll: true });
}
function resourceHtml(xi) {
  var c = D.findings.columns, st = D.findings.statuses, s = D.findings.strings;
  var tags = X.tags[xi], tagRows = '';
  Object.keys(tags).sort().forEach(function (k) { tagRows += '<tr><th scope="row">' + esc(k) + '</th><td>' + esc(tags[k]) + '</td></tr>'; });
  var list = X.findings[xi].slice().sort(function (a, b) { return c.status[a] - c.status[b] || SEV_ORDER.indexOf(R.sev[c.rule[a]]) - SEV_ORDER.indexOf(R.sev[c.rule[b]]); });
  var counts = counted(list.map(function (i) { return st[c.status[i]]; }));
  var html = '<dl class="kv"><dt>Type</dt><dd>' + esc(X.type[xi]) + '</dd><dt>Service</dt><dd>' + esc(X.service[xi]) +
    '</dd><dt>Region</dt><dd>' + esc(X.region[xi]) + '</dd><dt>Account</dt><dd>' + esc(X.account[xi]) +
    '</dd><dt>ARN</dt><dd>' + esc(X.arn[xi]) + '</dd><dt>Origin</dt><dd>' + esc(X.origin[xi]) + '</dd></dl>';
  html += '<h3>Tags</h3>' + (tagRows ? '<table class="tags"><tbody>' + tagRows + '</tbody></table>' : '<p class="note">No tags.</p>');
  html += '<h3>Findings (' + list.length + ': ' + Object.keys(counts).map(function (k) { return counts[k] + ' ' + k; }).join(', ') + ')</h3>';
  list.forEach(function (i) {
    var ri = c.rule[i], rem = R.rem[ri] || {};
    html += '<div class="rfinding"><h4>' + badge('st', st[c.status[i]]) + ' ' + badge('sev', R.sev[ri]) + ' ' + esc(R.title[ri]) +
      '</h4><div class="rid">' + esc(R.id[ri]) + ' · layer ' + esc(R.layer[ri]) + ' · ' + esc(R.domain[ri]) + ' · stage ' +
      esc(R.stage[ri]) + (R.attack[ri].length ? ' · ATT&amp;CK ' + esc(R.attack[ri].join(', ')) : '') + '</div>' +
      '<p class="reason">' + esc(s[c.reason[i]]) + '</p>' +
      (c.muted[i] >= 0 ? '<p>Muted: ' + esc(s[c.muted[i]]) + '</p>' : '') +
      (rem.text && st[c.status[i]] !== 'PASS' ? '<p><strong>Fix:</strong> ' + esc(rem.text) + '</p>' : '') +
      ((rem.cli || rem.terraform) && st[c.status[i]] !== 'PASS' ? '<details><summary>CLI / Terraform</summary>' +
        (rem.cli ? '<p class="code-label">AWS CLI</p><pre><code>' + esc(rem.cli) + '</code></pre>' : '') +
        (rem.terraform ? '<p class="code-label">Terraform</p><pre><code>' + esc(rem.terraform) + '</code></pre>' : '') +
        '</details>' : '') + '</div>';
  });
  var onPaths = (D.paths || []).filter(function (p) {
    return (p.steps || []).some(function (st2) { return st2.from === X.arn[xi] || st2.to === X.arn[xi] || st2.from === X.id[xi] || st2.to === X.id[xi]; });
  });
  if (onPaths.length) {
    html += '<h3>On ' + onPaths.length + ' attack path(s)</h3><ul>' + onPaths.map(function (p) {
      return '<li>' + esc(p.id) + ': to ' + esc(p.target) + ' (' + esc(p.length) + ' steps)</li>';
    }).join('') + '</ul>';
  }
  return html;
}
