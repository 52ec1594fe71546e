/* ssrm HTML report: decodes the embedded findings, then filters, pages, shows resources and the
   attack-path graph. No network, no library: everything here runs from file://. */
(function () {
  'use strict';

  var PAGE = 50;
  var FILTERS = ['status', 'severity', 'layer', 'service', 'region', 'rule', 'control', 'tag'];
  var SEV_ORDER = ['critical', 'high', 'medium', 'low', 'info'];
  var LAYER_ORDER = ['apps', 'hosts', 'networks', 'cloud'];
  var D = null;          // decoded payload
  var N = 0;             // number of findings
  var state = { q: '', page: 1 };
  var matches = null;    // Int32Array of matching finding indexes
  var lastListHash = '';

  function byId(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  // ---- decoding -------------------------------------------------------------------------------
  function decode() {
    var text = byId('ssrm-data').textContent.trim();
    var bin = atob(text);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot decompress the embedded findings'));
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  // Per-rule and per-resource lookups, built once.
  var R = {}, X = {};
  function index() {
    var f = D.findings;
    N = f.columns.rule.length;
    R.id = []; R.title = []; R.sev = []; R.layer = []; R.domain = []; R.stage = []; R.attack = []; R.rem = [];
    f.rules.forEach(function (r) {
      R.id.push(r[0]); R.title.push(r[1]); R.sev.push(r[2]); R.layer.push(r[3]); R.domain.push(r[4]);
      R.stage.push(r[5]); R.attack.push(r[6]); R.rem.push(f.strings[r[7]] || {});
    });
    X.arn = []; X.id = []; X.type = []; X.region = []; X.account = []; X.origin = []; X.service = []; X.tags = [];
    f.resources.forEach(function (x) {
      X.arn.push(x[0]); X.id.push(x[1]); X.type.push(x[2]); X.region.push(x[3]); X.account.push(x[4]);
      X.origin.push(x[5]); X.service.push(x[6]); X.tags.push(x[7] || {});
    });
    X.tagList = X.tags.map(function (t) { return Object.keys(t).map(function (k) { return k + '=' + t[k]; }); });
    var ruleControls = {};
    (D.controls || []).forEach(function (ctl) {
      (ctl.rule_ids || []).forEach(function (id) { (ruleControls[id] = ruleControls[id] || []).push(ctl.key); });
    });
    R.controls = R.id.map(function (id) { return ruleControls[id] || []; });
    X.byArn = {};
    X.arn.forEach(function (a, i) { if (!(a in X.byArn)) X.byArn[a] = i; });
    X.byId = {};
    X.id.forEach(function (a, i) { if (!(a in X.byId)) X.byId[a] = i; });
    // findings per resource, for the resource page
    X.findings = X.arn.map(function () { return []; });
    var col = f.columns.resource;
    for (var i = 0; i < N; i++) X.findings[col[i]].push(i);
  }

  // ---- filters --------------------------------------------------------------------------------
  function counted(values) {
    var c = {};
    values.forEach(function (v) { c[v] = (c[v] || 0) + 1; });
    return c;
  }
  function perFinding(getter) {
    var out = [], cols = D.findings.columns;
    for (var i = 0; i < N; i++) out.push(getter(i, cols));
    return out;
  }
  function fillSelect(name, label, entries) {
    var sel = byId('f-' + name);
    var html = '<option value="">' + esc(label) + '</option>';
    entries.forEach(function (e) {
      html += '<option value="' + esc(e[0]) + '" data-label="' + esc(e[2] || e[0]) + '">' + esc(e[1]) + '</option>';
    });
    sel.innerHTML = html;
    if (entries.length === 0) sel.disabled = true;
  }
  function sortedEntries(counts, order, labeler) {
    var keys = Object.keys(counts);
    keys.sort(function (a, b) {
      if (order) {
        var ia = order.indexOf(a), ib = order.indexOf(b);
        if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      }
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return keys.map(function (k) { var l = labeler ? labeler(k) : k; return [k, l + ' (' + fmt(counts[k]) + ')', l]; });
  }
  function buildFilters() {
    var c = D.findings.columns, st = D.findings.statuses;
    fillSelect('status', 'Any status', sortedEntries(counted(perFinding(function (i) { return st[c.status[i]]; })), st));
    fillSelect('severity', 'Any severity', sortedEntries(counted(perFinding(function (i) { return R.sev[c.rule[i]]; })), SEV_ORDER));
    fillSelect('layer', 'Any layer', sortedEntries(counted(perFinding(function (i) { return R.layer[c.rule[i]]; })), LAYER_ORDER));
    fillSelect('service', 'Any service', sortedEntries(counted(perFinding(function (i) { return X.service[c.resource[i]]; }))));
    fillSelect('region', 'Any region', sortedEntries(counted(perFinding(function (i) { return X.region[c.resource[i]]; }))));
    fillSelect('rule', 'Any rule', sortedEntries(counted(perFinding(function (i) { return R.id[c.rule[i]]; }))));
    var tags = {};
    for (var i = 0; i < N; i++) {
      var t = X.tags[c.resource[i]];
      for (var k in t) { var kv = k + '=' + t[k]; tags[kv] = (tags[kv] || 0) + 1; }
    }
    fillSelect('tag', 'Any tag', sortedEntries(tags));
    var controls = (D.controls || []).filter(function (ctl) { return ctl.rule_ids && ctl.rule_ids.length; });
    fillSelect('control', controls.length ? 'Any control' : 'No control mapped to rules',
      controls.map(function (ctl) { return [ctl.key, ctl.key + ' ' + ctl.title, ctl.key + ' ' + ctl.title]; }));
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

  // ---- resource page --------------------------------------------------------------------------
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

  // ---- attack-path graph ----------------------------------------------------------------------
  var G = null;
  function layoutGraph(paths) {
    var nodes = {}, order = [], edges = [], seen = {};
    function node(name) {
      if (!(name in nodes)) { nodes[name] = { name: name, rank: 0, ins: [], outs: [], paths: [], target: false }; order.push(name); }
      return nodes[name];
    }
    paths.forEach(function (p, pi) {
      (p.steps || []).forEach(function (s) {
        var a = node(String(s.from)), b = node(String(s.to));
        if (a.paths.indexOf(pi) < 0) a.paths.push(pi);
        if (b.paths.indexOf(pi) < 0) b.paths.push(pi);
        var key = a.name + '\u0000' + b.name;
        if (!(key in seen)) { seen[key] = edges.length; edges.push({ from: a.name, to: b.name, steps: [], paths: [] }); a.outs.push(b.name); b.ins.push(a.name); }
        var e = edges[seen[key]]; e.steps.push(s); if (e.paths.indexOf(pi) < 0) e.paths.push(pi);
      });
      if ((p.steps || []).length) node(pathTarget(p)).target = true;
    });
    // longest-path ranks over the graph without its back edges (found by depth-first search), so a
    // cycle bends one edge backwards instead of pushing nodes ever further right
    var visiting = {}, done = {}, topo = [];
    function visit(n) {
      visiting[n] = true;
      nodes[n].outs.forEach(function (m) {
        if (visiting[m]) { back[n + '\u0000' + m] = true; return; }
        if (!done[m]) visit(m);
      });
      visiting[n] = false; done[n] = true; topo.push(n);
    }
    var back = {};
    order.forEach(function (n) { if (!done[n]) visit(n); });
    topo.reverse().forEach(function (n) {
      nodes[n].outs.forEach(function (m) {
        if (!back[n + '\u0000' + m] && nodes[m].rank < nodes[n].rank + 1) nodes[m].rank = nodes[n].rank + 1;
      });
    });
    var cols = [];
    order.forEach(function (n) { var r = nodes[n].rank; (cols[r] = cols[r] || []).push(n); });
    for (var ci = 0; ci < cols.length; ci++) {
      cols[ci] = cols[ci] || [];
      if (ci > 0) {  // barycentre ordering against the previous column reduces crossings
        cols[ci].sort(function (a, b) { return bary(nodes[a]) - bary(nodes[b]); });
      }
      cols[ci].forEach(function (n, row) { nodes[n].col = ci; nodes[n].row = row; });
    }
    function bary(nd) {
      if (!nd.ins.length) return 1e9;
      var sum = 0; nd.ins.forEach(function (m) { sum += nodes[m].row || 0; }); return sum / nd.ins.length;
    }
    return { nodes: nodes, order: order, edges: edges, cols: cols };
  }

  function pathTarget(p) {
    var steps = p.steps || [];
    return p.target != null ? String(p.target) : steps.length ? String(steps[steps.length - 1].to) : '?';
  }
  var NW = 160, NH = 46, CW = 205, RH = 66;
  function short(s, n) { s = String(s); var tail = s.split(/[:/]/).filter(Boolean).pop() || s; return tail.length > n ? tail.slice(0, n - 1) + '…' : tail; }
  function renderGraph() {
    var all = D.paths || [];
    var body = byId('paths-body');
    if (!D.paths) return;  // the static "not computed" note stays
    if (!all.length) { body.innerHTML = '<p class="note">No attack path found from the entry points to valuable targets.</p>'; return; }
    var paths = all.slice().sort(function (a, b) { return (b.value || 0) - (a.value || 0) || (b.ease || 0) - (a.ease || 0); }).slice(0, 40);
    G = layoutGraph(paths); G.shown = paths;
    var maxRows = 0; G.cols.forEach(function (c) { maxRows = Math.max(maxRows, c.length); });
    var w = G.cols.length * CW + 20, h = Math.max(1, maxRows) * RH + 20;
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" id="path-graph" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h +
      '" role="group" aria-label="Attack path graph: ' + G.order.length + ' nodes, ' + G.edges.length + ' steps">' +
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#5b6675"/></marker></defs>';
    function pos(n) { var nd = G.nodes[n]; return { x: 10 + nd.col * CW, y: 10 + nd.row * RH }; }
    G.edges.forEach(function (e, ei) {
      var a = pos(e.from), b = pos(e.to);
      var x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2;
      var span = G.nodes[e.to].col - G.nodes[e.from].col;
      var cy = Math.max(a.y, b.y) + NH + (RH - NH) / 2;  // the gap under a row: long edges run there, past the nodes
      var d = span > 1 ? 'M' + x1 + ',' + y1 + ' C' + (x1 + 25) + ',' + y1 + ' ' + (x1 + 10) + ',' + cy + ' ' + (x1 + 40) + ',' + cy +
          ' L' + (x2 - 40) + ',' + cy + ' C' + (x2 - 10) + ',' + cy + ' ' + (x2 - 25) + ',' + y2 + ' ' + x2 + ',' + y2
        : x2 > x1 ? 'M' + x1 + ',' + y1 + ' C' + (x1 + 40) + ',' + y1 + ' ' + (x2 - 40) + ',' + y2 + ' ' + x2 + ',' + y2
        : 'M' + (a.x + NW / 2) + ',' + (a.y + NH) + ' C' + (a.x + NW / 2) + ',' + (a.y + NH + 40) + ' ' + (b.x + NW / 2) + ',' + (b.y + NH + 40) + ' ' + (b.x + NW / 2) + ',' + (b.y + NH);
      svg += '<path class="edge" data-edge="' + ei + '" d="' + d + '" marker-end="url(#arrow)"><title>' +
        esc(e.steps.map(function (s) { return (s.stage ? '[' + s.stage + '] ' : '') + (s.sentence || (s.from + ' → ' + s.to)); }).join('\n')) + '</title></path>';
    });
    G.order.forEach(function (n, ni) {
      var nd = G.nodes[n], p = pos(n);
      var kind = nd.target ? 'target' : nd.ins.length === 0 ? 'entry' : 'step';
      svg += '<g class="node ' + kind + '" data-node="' + ni + '" tabindex="0" role="button" aria-label="' + esc(kind + ': ' + n + ', on ' + nd.paths.length + ' path(s)') +
        '" transform="translate(' + p.x + ',' + p.y + ')"><title>' + esc(n) + '</title><rect width="' + NW + '" height="' + NH + '" rx="6"/>' +
        '<text class="kind" x="8" y="15">' + kind.toUpperCase() + '</text><text x="8" y="34">' + esc(short(n, 23)) + '</text></g>';
    });
    svg += '</svg>';
    var list = paths.map(function (p, pi) {
      var facts = [(p.length || (p.steps || []).length) + ' steps'];
      if (p.value != null) facts.push('value ' + p.value);
      if (p.ease != null) facts.push('ease ' + p.ease);
      return '<li><button type="button" data-path="' + pi + '" aria-pressed="false">' + esc(p.id) + ': ' + esc(short(pathTarget(p), 40)) +
        ' — ' + esc(facts.join(', ')) + '</button></li>';
    }).join('');
    body.innerHTML = '<p class="hint">' + (all.length > paths.length ? 'Showing the ' + paths.length + ' most valuable of ' + all.length + ' paths. ' : all.length + ' path(s). ') +
      'Select a node or a path (Tab, then Enter) for its steps; ENTRY nodes are where attackers start, TARGET nodes what they want.</p>' +
      '<div class="graph-wrap"><div class="graph">' + svg + '</div><div><h3>Paths</h3><ul class="path-list">' + list +
      '</ul><div id="graph-detail" class="detail" aria-live="polite"><p class="note">Nothing selected.</p></div></div></div>';
    body.querySelectorAll('.node').forEach(function (g) {
      g.addEventListener('click', function () { selectNode(+g.getAttribute('data-node')); });
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectNode(+g.getAttribute('data-node')); } });
    });
    body.querySelectorAll('.path-list button').forEach(function (b) {
      b.addEventListener('click', function () { selectPath(+b.getAttribute('data-path')); });
    });
  }
  function highlight(pathIdxs, nodeName) {
    var gsvg = byId('path-graph');
    gsvg.querySelectorAll('.edge').forEach(function (el) {
      var e = G.edges[+el.getAttribute('data-edge')];
      var on = e.paths.some(function (p) { return pathIdxs.indexOf(p) >= 0; });
      el.classList.toggle('hi', on); el.classList.toggle('dim', !on);
    });
    gsvg.querySelectorAll('.node').forEach(function (el) {
      var nd = G.nodes[G.order[+el.getAttribute('data-node')]];
      var on = nd.paths.some(function (p) { return pathIdxs.indexOf(p) >= 0; });
      el.classList.toggle('dim', !on); el.classList.toggle('sel', nd.name === nodeName);
    });
    document.querySelectorAll('.path-list button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(pathIdxs.length === 1 && +b.getAttribute('data-path') === pathIdxs[0]));
    });
  }
  function stepHtml(s) {
    return '<li><strong>' + esc(s.stage || '') + '</strong> ' + esc(s.sentence || (s.from + ' → ' + s.to)) +
      (s.technique ? ' <span class="rid">' + esc(s.technique) + '</span>' : '') +
      (s.finding_rule_id ? ' — <a href="#rule=' + encodeURIComponent(s.finding_rule_id) + '">' + esc(s.finding_rule_id) + '</a>' : '') + '</li>';
  }
  function resourceLink(name) {
    if (name in X.byArn || name in X.byId) return ' <a href="#resource=' + encodeURIComponent(name) + '">Open resource</a>';
    return '';
  }
  function selectNode(ni) {
    var name = G.order[ni], nd = G.nodes[name];
    highlight(nd.paths, name);
    var steps = [];
    G.edges.forEach(function (e) { if (e.from === name || e.to === name) steps = steps.concat(e.steps); });
    byId('graph-detail').innerHTML = '<h4>' + esc(name) + '</h4><p>' + (nd.target ? 'Target. ' : '') + 'On ' + nd.paths.length + ' path(s).' + resourceLink(name) +
      '</p><ol class="steps">' + steps.map(stepHtml).join('') + '</ol>';
  }
  function selectPath(pi) {
    var p = G.shown[pi];
    highlight([pi], null);
    byId('graph-detail').innerHTML = '<h4>Path ' + esc(p.id) + '</h4><p>To ' + esc(pathTarget(p)) + (p.target_kind ? ' (' + esc(p.target_kind) + ')' : '') +
      (p.value != null ? ', value ' + esc(p.value) : '') + (p.ease != null ? ', ease ' + esc(p.ease) : '') + '.' + resourceLink(pathTarget(p)) + '</p><ol class="steps">' + (p.steps || []).map(stepHtml).join('') + '</ol>';
  }

  // ---- wiring ---------------------------------------------------------------------------------
  function onHash() {
    var s = readHash();
    if (!s) return;
    if (s.resource) { showResource(s.resource); return; }
    byId('resource-view').hidden = true;
    state = s;
    syncForm();
    refresh(false);
    lastListHash = listHash(state);
    byId('findings').scrollIntoView({ block: 'start' });  // links from the plan, maturity and graph land here
  }
  function wire() {
    FILTERS.forEach(function (k) {
      byId('f-' + k).addEventListener('change', function (ev) { state[k] = ev.target.value; state.page = 1; refresh(true); });
    });
    var timer = null;
    byId('f-q').addEventListener('input', function (ev) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = ev.target.value; state.page = 1; refresh(true, true); }, 150);
    });
    byId('f-reset').addEventListener('click', function () { state = { q: '', page: 1 }; syncForm(); refresh(true); });
    document.querySelectorAll('#findings-table button.sort').forEach(function (b) {
      b.addEventListener('click', function () {
        var col = b.getAttribute('data-sort');
        state.sort = state.sort === col ? '-' + col : state.sort === '-' + col ? '' : col;
        state.page = 1;
        refresh(true);
      });
    });
    byId('p-prev').addEventListener('click', function () { state.page -= 1; refresh(true); });
    byId('p-next').addEventListener('click', function () { state.page += 1; refresh(true); });
    byId('findings-body').addEventListener('click', function (ev) {
      if (ev.target.closest('a')) return;
      var tr = ev.target.closest('tr[data-href]');
      if (tr) location.hash = tr.getAttribute('data-href');
    });
    document.querySelectorAll('a[data-nav]').forEach(function (a) {
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var target = byId(a.getAttribute('href').slice(1));
        target.scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      });
    });
    var closed = [];
    window.addEventListener('beforeprint', function () {
      closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); });
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
  }

  function start() {
    var t0 = performance.now();
    decode().then(function (data) {
      D = data;
      index();
      buildFilters();
      wire();
      renderGraph();
      var s = readHash();
      if (s && !s.resource) state = s;
      syncForm();
      refresh(false);
      lastListHash = listHash(state);
      if (s && s.resource) showResource(s.resource);
      document.body.setAttribute('data-ready', 'true');
      document.body.setAttribute('data-load-ms', String(Math.round(performance.now() - t0)));
    }).catch(function (err) {
      byId('f-count').textContent = 'The findings could not be loaded: ' + err.message;
      document.body.setAttribute('data-ready', 'error');
    });
  }
  start();
})();
