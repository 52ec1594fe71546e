/* Filters, search, facet counts, sorting and the URL fragment that keeps them. */
function counted(values) {
  var c = {};
  values.forEach(function (v) { c[v] = (c[v] || 0) + 1; });
  return c;
}
function fillSelect(name, label, entries) {
  var sel = byId('f-' + name);
  var html = '<option value="">' + esc(label) + '</option>';
  entries.forEach(function (e) {
    html += '<option value="' + esc(e[0]) + '" data-label="' + esc(e[1]) + '">' + esc(e[1]) + '</option>';
  });
  sel.innerHTML = html;
  if (entries.length === 0) sel.disabled = true;
}
// The distinct values, in the given order first, then alphabetically; counts come from applyFilters.
function options(values, order) {
  var seen = {}, keys = [];
  values.forEach(function (v) { if (v !== '' && v != null && !(v in seen)) { seen[v] = 1; keys.push(String(v)); } });
  keys.sort(function (a, b) {
    if (order) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return keys.map(function (k) { return [k, k]; });
}
function buildFilters() {
  var st = D.findings.statuses, present = new Uint8Array(st.length), col = D.findings.columns.status;
  for (var i = 0; i < N; i++) present[col[i]] = 1;
  fillSelect('status', 'Any status', options(st.filter(function (s, j) { return present[j]; }), st));
  fillSelect('severity', 'Any severity', options(R.sev, SEV_ORDER));
  fillSelect('layer', 'Any layer', options(R.layer, LAYER_ORDER));
  fillSelect('service', 'Any service', options(X.service));
  fillSelect('region', 'Any region', options(X.region));
  fillSelect('rule', 'Any rule', options(R.id));
  fillSelect('tag', 'Any tag', options([].concat.apply([], X.tagList)));
  var controls = (D.controls || []).filter(function (ctl) { return ctl.rule_ids && ctl.rule_ids.length; });
  fillSelect('control', controls.length ? 'Any control' : 'No control mapped to rules',
    controls.map(function (ctl) { return [ctl.key, ctl.key + ' ' + ctl.title]; }));
}

function readHash() {
  var h = location.hash.replace(/^#/, '');
  var s = { q: '', page: 1 };
  if (h === '' || h === 'all') { FILTERS.forEach(function (k) { s[k] = ''; }); s.resource = ''; return s; }
  if (h.indexOf('=') < 0) return null;  // a plain anchor, e.g. a section heading
  var p = new URLSearchParams(h);
  FILTERS.forEach(function (k) { s[k] = p.get(k) || ''; });
  s.q = p.get('q') || '';
  s.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
  s.resource = p.get('resource') || '';
  s.sort = p.get('sort') || '';
  return s;
}
function listHash(s) {
  var p = new URLSearchParams();
  FILTERS.forEach(function (k) { if (s[k]) p.set(k, s[k]); });
  if (s.q) p.set('q', s.q);
  if (s.sort) p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  var out = p.toString();
  return out ? '#' + out : '#all';
}
function setHash(h, replace) {
  if (location.hash === h) return;
  if (replace) history.replaceState(null, '', h); else history.pushState(null, '', h);
}

// Each filter owns one bit; a finding matches when its mask is 0. A finding that fails exactly one
// filter still counts towards that filter's options, so every option shows how many findings
// choosing it would give with the other filters kept (facet counts).
var BIT = { severity: 1, layer: 2, rule: 4, control: 8, service: 16, region: 32, tag: 64, status: 128, q: 256 };
function applyFilters() {
  var c = D.findings.columns, st = D.findings.statuses;
  var nr = D.findings.rules.length, nx = D.findings.resources.length;
  var q = state.q.trim().toLowerCase();
  var ruleMask = new Uint16Array(nr), resMask = new Uint16Array(nx);
  for (var r = 0; r < nr; r++) {
    if (state.severity && R.sev[r] !== state.severity) ruleMask[r] |= BIT.severity;
    if (state.layer && R.layer[r] !== state.layer) ruleMask[r] |= BIT.layer;
    if (state.rule && R.id[r] !== state.rule) ruleMask[r] |= BIT.rule;
    if (state.control && R.controls[r].indexOf(state.control) < 0) ruleMask[r] |= BIT.control;
  }
  for (var x = 0; x < nx; x++) {
    if (state.service && X.service[x] !== state.service) resMask[x] |= BIT.service;
    if (state.region && X.region[x] !== state.region) resMask[x] |= BIT.region;
    if (state.tag && X.tagList[x].indexOf(state.tag) < 0) resMask[x] |= BIT.tag;
  }
  var ruleQ = null, resQ = null, strQ = null;
  if (q) {
    ruleQ = new Uint8Array(nr); resQ = new Uint8Array(nx); strQ = new Uint8Array(D.findings.strings.length);
    for (r = 0; r < nr; r++) {
      ruleQ[r] = (R.id[r] + ' ' + R.title[r] + ' ' + R.stage[r] + ' ' + R.domain[r] + ' ' + R.attack[r].join(' '))
        .toLowerCase().indexOf(q) >= 0 ? 1 : 0;
    }
    for (x = 0; x < nx; x++) {
      resQ[x] = (X.arn[x] + ' ' + X.id[x] + ' ' + X.type[x] + ' ' + X.region[x] + ' ' + X.tagList[x].join(' '))
        .toLowerCase().indexOf(q) >= 0 ? 1 : 0;
    }
    D.findings.strings.forEach(function (s, i) { if (typeof s === 'string' && s.toLowerCase().indexOf(q) >= 0) strQ[i] = 1; });
  }
  var stIdx = state.status ? st.indexOf(state.status) : -1;
  var counts = {};
  FILTERS.forEach(function (f) { counts[f] = {}; });
  function bump(cf, v) { cf[v] = (cf[v] || 0) + 1; }
  function bumpAll(cf, vals) { for (var v = 0; v < vals.length; v++) cf[vals[v]] = (cf[vals[v]] || 0) + 1; }
  function tally(facet, i) {  // no allocation here: this runs for every finding
    var ri = c.rule[i], xi = c.resource[i], cf = counts[facet];
    switch (facet) {
      case 'status': bump(cf, st[c.status[i]]); break;
      case 'severity': bump(cf, R.sev[ri]); break;
      case 'layer': bump(cf, R.layer[ri]); break;
      case 'rule': bump(cf, R.id[ri]); break;
      case 'control': bumpAll(cf, R.controls[ri]); break;
      case 'service': bump(cf, X.service[xi]); break;
      case 'region': bump(cf, X.region[xi]); break;
      default: bumpAll(cf, X.tagList[xi]);
    }
  }
  var out = new Int32Array(N), n = 0;
  for (var i = 0; i < N; i++) {
    var ri = c.rule[i], xi = c.resource[i];
    var mask = ruleMask[ri] | resMask[xi];
    if (stIdx >= 0 && c.status[i] !== stIdx) mask |= BIT.status;
    if (q && !ruleQ[ri] && !resQ[xi] && !strQ[c.reason[i]]) mask |= BIT.q;
    if (mask === 0) {
      out[n++] = i;
      for (var k = 0; k < FILTERS.length; k++) tally(FILTERS[k], i);
    } else if ((mask & (mask - 1)) === 0 && mask !== BIT.q) {
      for (var f in BIT) { if (BIT[f] === mask) { tally(f, i); break; } }
    }
  }
  matches = out.subarray(0, n);
  sortMatches();
  FILTERS.forEach(function (f) {
    Array.prototype.forEach.call(byId('f-' + f).options, function (o) {
      if (o.value && o.hasAttribute('data-label')) o.textContent = o.getAttribute('data-label') + ' (' + fmt(counts[f][o.value] || 0) + ')';
    });
  });
}

// Sorting: the document order (status, severity, rule, resource) unless a column is chosen;
// "-name" sorts that column descending. Ties keep the document order.
var STAGES = ['recon', 'initial-access', 'control', 'discover-spread', 'exfiltrate'];
function sortKey(col) {
  var c = D.findings.columns;
  var rank = function (list, v) { var i = list.indexOf(v); return i < 0 ? 99 : i; };
  switch (col) {
    case 'status': return function (i) { return c.status[i]; };
    case 'severity': return function (i) { return rank(SEV_ORDER, R.sev[c.rule[i]]); };
    case 'layer': return function (i) { return rank(LAYER_ORDER, R.layer[c.rule[i]]); };
    case 'stage': return function (i) { return rank(STAGES, R.stage[c.rule[i]]); };
    case 'rule': return function (i) { return R.id[c.rule[i]]; };
    case 'resource': return function (i) { return X.id[c.resource[i]]; };
    case 'region': return function (i) { return X.region[c.resource[i]]; };
    default: return null;
  }
}
function sortMatches() {
  var desc = state.sort && state.sort.charAt(0) === '-';
  var key = sortKey(desc ? state.sort.slice(1) : state.sort);
  if (!key) return;
  var keys = {};
  for (var j = 0; j < matches.length; j++) keys[matches[j]] = key(matches[j]);
  var arr = Array.prototype.slice.call(matches);
  arr.sort(function (a, b) {
    var ka = keys[a], kb = keys[b];
    if (ka < kb) return desc ? 1 : -1;
    if (ka > kb) return desc ? -1 : 1;
    return a - b;
  });
  matches = Int32Array.from(arr);
}
function renderSortHeaders() {
  var desc = state.sort && state.sort.charAt(0) === '-';
  var col = desc ? state.sort.slice(1) : state.sort;
  document.querySelectorAll('#findings-table th[data-sort]').forEach(function (th) {
    var on = th.getAttribute('data-sort') === col;
    th.setAttribute('aria-sort', on ? (desc ? 'descending' : 'ascending') : 'none');
    th.querySelector('.sort-mark').textContent = on ? (desc ? ' ▼' : ' ▲') : '';
  });
}
